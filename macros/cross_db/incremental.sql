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
    {#- Spark with parquet allows only insert_overwrite / append: a later issue. -#}
    {{ exceptions.raise_compiler_error(
        "Scheduled (incremental) runs of '" ~ model_name ~ "' are not yet supported on spark"
    ) }}
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
    {{ exceptions.raise_compiler_error("Scheduled (incremental) runs are not yet supported on spark") }}
{%- endmacro %}
