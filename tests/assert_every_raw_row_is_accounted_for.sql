{#- Conservation: every raw row is an event, a re-delivery of one, or a reject.
    Returns a row (and fails) when the counts do not add up. -#}
{{ config(tags=['audit']) }}
with

raw_rows as (

    select count(*) as raw_row_count
    from {{ firstparty_sessions.raw_events_relation() }}

),

deliveries as (

    select coalesce(sum(delivery_count), 0) as delivery_count
    from {{ ref('event_sessions') }}

),

rejects as (

    select count(*) as reject_count
    from {{ ref('rejected_events') }}

),

balance as (

    select
        raw_rows.raw_row_count,
        deliveries.delivery_count,
        rejects.reject_count
    from raw_rows
    cross join deliveries
    cross join rejects

)

select *
from balance
where raw_row_count <> delivery_count + reject_count
