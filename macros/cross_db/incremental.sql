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
    {#- Parquet tables: no merge, no delete. Whole partitions are rewritten. -#}
    {{ return('insert_overwrite') }}
{%- endmacro %}


{#- True where the engine updates and deletes rows in place, in a transaction (DuckDB):
    merge/delete+insert, empty sessions deleted by a post-hook, and a run stopped half-way
    repaired by the next run (its plan carried over). False on Spark (parquet). -#}
{% macro updates_in_place() -%}
    {{ return(adapter.dispatch('updates_in_place', 'firstparty_sessions')()) }}
{%- endmacro %}

{% macro default__updates_in_place() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__updates_in_place() -%}
    {{ return(false) }}
{%- endmacro %}


{#- The partition_by config of an incremental mart: its day column on Spark, where
    insert_overwrite rewrites whole partitions; none elsewhere. -#}
{% macro mart_partition_by(day_column) -%}
    {{ return(adapter.dispatch('mart_partition_by', 'firstparty_sessions')(day_column)) }}
{%- endmacro %}

{% macro default__mart_partition_by(day_column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro spark__mart_partition_by(day_column) -%}
    {{ return([day_column]) }}
{%- endmacro %}


{#- Appended to a mart's final select: in a scheduled run on Spark, the stored rows that
    the run does not recompute but that share a partition with rows it does (the
    partitions of `rows` and the stored partitions of the `touched` keys), so that the
    partitions insert_overwrite replaces are replaced whole. Nothing elsewhere. -#}
{% macro rest_of_rewritten_partitions(rows, touched, key, partition) -%}
    {{ return(adapter.dispatch('rest_of_rewritten_partitions', 'firstparty_sessions')(rows, touched, key, partition)) }}
{%- endmacro %}

{% macro default__rest_of_rewritten_partitions(rows, touched, key, partition) -%}
{%- endmacro %}

{% macro spark__rest_of_rewritten_partitions(rows, touched, key, partition) -%}
    {%- if is_incremental() %}
union all
select stored.*
from {{ this }} as stored
left anti join {{ touched }} as touched_keys
    on stored.{{ key }} = touched_keys.{{ key }}
where stored.{{ partition }} in (
    select {{ rows }}.{{ partition }} from {{ rows }}
    union
    select stored_touched.{{ partition }}
    from {{ this }} as stored_touched
    inner join {{ touched }} as touched_again
        on stored_touched.{{ key }} = touched_again.{{ key }}
)
    {%- endif %}
{%- endmacro %}


{#- Run as event_sessions' post-hook, before the plan is consumed. On Spark a partition
    that a scheduled run emptied (all its rows moved to other days, or sessions left
    without events) is not rewritten by insert_overwrite, which only replaces partitions
    it writes rows to: its rows are stale. They are found from the plan (events whose day
    changed) and from event_sessions as now written (touched sessions whose day is not
    the day of their earliest event, or that have no events left); such a partition
    holds nothing else (any other row would have been rewritten with it) and is dropped.
    Nothing to do elsewhere. -#}
{% macro drop_stale_partitions(plan, event_sessions, sessions) -%}
    {{ return(adapter.dispatch('drop_stale_partitions', 'firstparty_sessions')(plan, event_sessions, sessions)) }}
{%- endmacro %}

{% macro default__drop_stale_partitions(plan, event_sessions, sessions) -%}
{%- endmacro %}

{% macro spark__drop_stale_partitions(plan, event_sessions, sessions) -%}
    {%- if execute -%}
        {%- set stale_event_days -%}
            select distinct stored.received_on as day
            from {{ event_sessions }} as stored
            inner join {{ plan }} as plan
                on stored.event_id = plan.event_id
            where stored.received_on <> cast(plan.received_at as date)
        {%- endset -%}
        {%- set stale_session_days -%}
            with touched as (
                select session_id from {{ plan }} where session_id is not null
                union
                select previous_session_id from {{ plan }} where previous_session_id is not null
            ),
            current_days as (
                select events.session_id, min(events.received_on) as created_on
                from {{ event_sessions }} as events
                inner join touched on events.session_id = touched.session_id
                group by events.session_id
            )
            select distinct stored.created_on as day
            from {{ sessions }} as stored
            inner join touched on stored.session_id = touched.session_id
            left join current_days
                on stored.session_id = current_days.session_id
                and stored.created_on = current_days.created_on
            where current_days.session_id is null
        {%- endset -%}
        {%- for relation, column, days_sql in [
            (event_sessions, 'received_on', stale_event_days),
            (sessions, 'created_on', stale_session_days),
        ] -%}
            {%- for day in run_query(days_sql).columns[0].values() -%}
                {%- do run_query(
                    'alter table ' ~ relation ~ ' drop if exists partition ('
                    ~ column ~ " = date'" ~ day ~ "')"
                ) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}


{#- SQL that marks a finished run's plan as done: run in event_sessions' transaction, so
    the plan is consumed exactly when event_sessions is written. -#}
{% macro consume_plan(plan_relation) -%}
    {{ return(adapter.dispatch('consume_plan', 'firstparty_sessions')(plan_relation)) }}
{%- endmacro %}

{% macro default__consume_plan(plan_relation) -%}
    {#- render(): the table itself, also under `--empty` (where a ref is a subquery). -#}
    delete from {{ plan_relation.render() }}
{%- endmacro %}

{% macro spark__consume_plan(plan_relation) -%}
    {#- Not needed on Spark: the plan is never carried over (updates_in_place). -#}
{%- endmacro %}


{#- SQL that removes the sessions a scheduled run left without events (event_count 0). -#}
{% macro remove_empty_sessions(sessions_relation) -%}
    {{ return(adapter.dispatch('remove_empty_sessions', 'firstparty_sessions')(sessions_relation)) }}
{%- endmacro %}

{% macro default__remove_empty_sessions(sessions_relation) -%}
    delete from {{ sessions_relation }} where event_count = 0
{%- endmacro %}

{% macro spark__remove_empty_sessions(sessions_relation) -%}
    {#- Spark emits no empty session (updates_in_place); see drop_stale_partitions. -#}
{%- endmacro %}
