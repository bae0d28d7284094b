{#- The incremental strategy of each incremental model, per engine. The models'
    configs call this; their SQL is the same on every engine.
    - sessions: whole affected sessions are replaced (delete+insert on session_id);
    - event_sessions: events are upserted (merge on event_id). -#}
{% macro incremental_strategy(model_name) -%}
    {{ return(adapter.dispatch('incremental_strategy', 'firstparty_sessions')(model_name)) }}
{%- endmacro %}

{% macro default__incremental_strategy(model_name) -%}
    {{ exceptions.raise_compiler_error(
        "Scheduled runs of '" ~ model_name ~ "' are not supported on the '" ~ adapter.type()
        ~ "' adapter: add an incremental_strategy variant in macros/cross_db/incremental.sql"
    ) }}
{%- endmacro %}

{% macro duckdb__incremental_strategy(model_name) -%}
    {%- set strategies = {'sessions': 'delete+insert', 'event_sessions': 'merge'} -%}
    {{ return(strategies[model_name]) }}
{%- endmacro %}

{% macro spark__incremental_strategy(model_name) -%}
    {#- Not used: the marts are tables on Spark (mart_materialization). -#}
    {{ return(none) }}
{%- endmacro %}


{#- How the incremental marts are materialized: `incremental` where a scheduled run can
    update them in place; `table` (every run a full rebuild, the same rows) on Spark, whose
    parquet tables allow neither merge nor delete (docs/spark.md). -#}
{% macro mart_materialization() -%}
    {{ return(adapter.dispatch('mart_materialization', 'firstparty_sessions')()) }}
{%- endmacro %}

{% macro default__mart_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__mart_materialization() -%}
    {{ return('table') }}
{%- endmacro %}


{#- SQL that marks a finished run's plan as done: run in event_sessions' transaction, so
    the plan is consumed exactly when event_sessions is written. -#}
{% macro consume_plan(plan_relation) -%}
    {{ return(adapter.dispatch('consume_plan', 'firstparty_sessions')(plan_relation)) }}
{%- endmacro %}

{% macro default__consume_plan(plan_relation) -%}
    delete from {{ plan_relation }}
{%- endmacro %}

{% macro spark__consume_plan(plan_relation) -%}
    {#- Every run is a full rebuild on Spark: the plan is not carried over. -#}
{%- endmacro %}


{#- SQL that removes the sessions a scheduled run left without events (event_count 0). -#}
{% macro remove_empty_sessions(sessions_relation) -%}
    {{ return(adapter.dispatch('remove_empty_sessions', 'firstparty_sessions')(sessions_relation)) }}
{%- endmacro %}

{% macro default__remove_empty_sessions(sessions_relation) -%}
    delete from {{ sessions_relation }} where event_count = 0
{%- endmacro %}

{% macro spark__remove_empty_sessions(sessions_relation) -%}
    {#- A full rebuild emits no empty session. -#}
{%- endmacro %}
