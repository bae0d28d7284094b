{#- One row per event: its first delivery (docs/rules.md, Deduplication), and how many
    accepted deliveries it had. -#}
with

accepted as (

    select * from {{ ref('int_events__screened') }}
    where reject_reason is null

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
