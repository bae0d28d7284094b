{#- One row per event: its first delivery (docs/rules.md, Deduplication), and how many
    accepted deliveries it had. On a full rebuild: every event. On a scheduled run: the
    events that changed, i.e. that have an accepted row in the landing window
    (received_at >= latest received_at already processed - late_arrival_hours) and whose
    deliveries (count, earliest received_at) differ from the previous event_sessions;
    each is deduplicated again from ALL its accepted rows, so re-deliveries count once. -#}
{%- set full_rebuild = firstparty_sessions.is_full_rebuild() -%}
{%- set previous = none if full_rebuild else firstparty_sessions.previous_event_sessions() -%}
with

{% if not full_rebuild -%}
landed as (

    select distinct event_id
    from {{ ref('int_events__screened') }}
    where
        reject_reason is null
        and {{ firstparty_sessions.in_landing_window('received_at', previous) }}

),

landed_deliveries as (

    select
        screened.event_id,
        count(*) as delivery_count,
        min(screened.received_at) as received_at
    from {{ ref('int_events__screened') }} as screened
    inner join landed
        on screened.event_id = landed.event_id
    where screened.reject_reason is null
    group by screened.event_id

),

changed as (

    select landed_deliveries.event_id
    from landed_deliveries
    left join {{ previous }} as previous_events
        on landed_deliveries.event_id = previous_events.event_id
    where
        previous_events.event_id is null
        or previous_events.delivery_count <> landed_deliveries.delivery_count
        or previous_events.received_at <> landed_deliveries.received_at

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
