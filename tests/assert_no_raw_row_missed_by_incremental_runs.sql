{#- Scheduled runs miss no raw row: per event_id, the accepted raw rows (how many, the
    earliest received_at) agree with event_sessions (delivery_count, received_at).
    A scheduled run recomputes every event for which they differ, however late its rows
    landed, so this returns nothing after any run; a row it returns names an event_id with
    the raw rows' received_at range. The failures are stored, so that dbt's message points
    to the table that names them. -#}
{{ config(store_failures=true, tags=['audit']) }}
with

screened as (

    select
        event_id,
        received_at,
        {{ firstparty_sessions.reject_reason('event_id', 'received_at_text', 'received_at') }}
            as reject_reason
    from {{ ref('stg_firstparty__raw_events') }}
    {%- if firstparty_sessions.load_column() %}
    where load_marker is not null
    {%- endif %}

),

raw_events as (

    select
        event_id,
        count(*) as raw_row_count,
        min(received_at) as first_received_at,
        max(received_at) as last_received_at
    from screened
    where reject_reason is null
    group by event_id

),

resolved_events as (

    select
        event_id,
        delivery_count,
        received_at
    from {{ ref('event_sessions') }}

),

compared as (

    select
        raw_events.raw_row_count,
        resolved_events.delivery_count,
        raw_events.first_received_at as raw_first_received_at,
        raw_events.last_received_at as raw_last_received_at,
        resolved_events.received_at as resolved_received_at,
        coalesce(raw_events.event_id, resolved_events.event_id) as event_id
    from raw_events
    full outer join resolved_events
        on raw_events.event_id = resolved_events.event_id
    where
        raw_events.event_id is null
        or resolved_events.event_id is null
        or raw_events.raw_row_count <> resolved_events.delivery_count
        or raw_events.first_received_at <> resolved_events.received_at

)

select * from compared
