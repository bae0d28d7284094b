{#- The work of one run: every event whose event_sessions row is (re)written, with all
    its event_sessions columns and the session it had before (previous_session_id, null
    for a new event). On a full rebuild: every event. On a scheduled run: the events
    int_events__resolved resolves, plus "carried" rows (event_id null) for the sessions of
    an unfinished earlier run (see below).

    A finished run consumes its plan: event_sessions' post-hook empties this table in the
    same transaction that writes event_sessions. A plan still holding rows at the start of
    a run belongs to a run that was stopped before event_sessions was written, possibly
    after sessions was: its sessions (session_id and previous_session_id, carried ones
    included) are carried into this plan, so that sessions recomputes them. -#}
{{ config(materialized='table') }}
{%- set full_rebuild = firstparty_sessions.is_full_rebuild() -%}
{%- set previous = none if full_rebuild else firstparty_sessions.previous_event_sessions() -%}
{#- Only where a run writes in a transaction (DuckDB): on Spark the table is dropped before
    it is rebuilt, and a stopped run is repaired by --full-refresh (docs/spark.md). -#}
{%- set carries_unfinished_plan = execute and not full_rebuild and firstparty_sessions.updates_in_place() -%}
{%- set unfinished_plan = load_relation(this) if carries_unfinished_plan else none -%}
with

resolved as (

    select * from {{ ref('int_events__resolved') }}

),

planned as (

    select
        resolved.event_id,
        resolved.session_id,
        resolved.resolved_by,
        resolved.received_at,
        resolved.source_id,
        resolved.source_type,
        resolved.profile_id,
        resolved.event_name,
        resolved.delivery_count,
        resolved.payload_session_status,
        resolved.payload_session_id,
        resolved.cookie_session_status,
        resolved.cookie_session_id,
        {% if full_rebuild -%}
            cast(null as {{ dbt.type_string() }}) as previous_session_id
        {%- else -%}
            previous_events.session_id as previous_session_id
        {%- endif %}
    from resolved
    {%- if not full_rebuild %}
        left join {{ previous }} as previous_events
            on resolved.event_id = previous_events.event_id
    {%- endif %}

)
{%- if unfinished_plan is not none %},

carried_sessions as (

    select unfinished.session_id
    from {{ unfinished_plan }} as unfinished
    where unfinished.session_id is not null

    union

    select unfinished.previous_session_id as session_id
    from {{ unfinished_plan }} as unfinished
    where unfinished.previous_session_id is not null

),

carried as (

    select
        cast(null as {{ dbt.type_string() }}) as event_id,
        session_id,
        {%- for column in [
            'resolved_by', 'received_at', 'source_id', 'source_type', 'profile_id',
            'event_name', 'delivery_count', 'payload_session_status', 'payload_session_id',
            'cookie_session_status', 'cookie_session_id', 'previous_session_id'
        ] %}
            null as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from carried_sessions

)
{%- endif %}

select * from planned
{%- if unfinished_plan is not none %}
union all
select * from carried
{%- endif %}
