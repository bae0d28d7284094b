{#- One row per event: its first delivery (docs/rules.md, Deduplication), and how many
    accepted deliveries it had. On a full rebuild: every event. On a scheduled run: the
    events that changed, i.e. whose accepted raw rows (how many, the earliest received_at)
    differ from the previous event_sessions, whenever those rows landed (no window: a row
    landing months late, or an exact copy of an old row, changes its event's count);
    each is deduplicated again from ALL its accepted rows, so re-deliveries count once.
    Finding them reads every raw row's event_id and received_at (narrow; no payload,
    cookie or minting). -#}
{%- set full_rebuild = firstparty_sessions.is_full_rebuild() -%}
{%- set previous = none if full_rebuild else firstparty_sessions.previous_event_sessions() -%}
with

{% if not full_rebuild -%}
raw_deliveries as (

    select
        event_id,
        count(*) as delivery_count,
        min(received_at) as received_at
    from {{ ref('int_events__screened') }}
    where reject_reason is null
    group by event_id

),

changed as (

    select raw_deliveries.event_id
    from raw_deliveries
    left join {{ previous }} as previous_events
        on raw_deliveries.event_id = previous_events.event_id
    where
        previous_events.event_id is null
        or previous_events.delivery_count <> raw_deliveries.delivery_count
        or previous_events.received_at <> raw_deliveries.received_at

),

{% endif -%}
accepted as (

    select * from {{ ref('int_events__screened') }}
    where reject_reason is null
    {%- if not full_rebuild %}
        and event_id in (select changed.event_id from changed)
    {%- endif %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by
                received_at,
                payload nulls first,
                source_id nulls first,
                source_type nulls first,
                cookie_session_id nulls first,
                cookie_session_status
        ) as delivery_rank,
        count(*) over (partition by event_id) as delivery_count
    from accepted

),

first_deliveries as (

    select
        event_id,
        source_id,
        source_type,
        received_at,
        profile_id,
        event_name,
        payload_session_status,
        payload_session_id,
        cookie_session_status,
        cookie_session_id,
        delivery_count
    from ranked
    where delivery_rank = 1

)

select * from first_deliveries
