{#- Anomaly (warn): a Source whose share of minted events, or of events with a broken
    payload session_id (payload_broken), jumps on a day against its own trailing week (the
    7 days before): share - trailing share > var anomaly_share_jump, when both the day and
    the week have at least var anomaly_min_events events. Reads daily_source_health. -#}
{{ config(severity='warn', tags=['anomaly']) }}
{%- set min_events = var('anomaly_min_events', 20) -%}
{%- set jump = var('anomaly_share_jump', 0.2) -%}
with

health as (

    select * from {{ ref('daily_source_health') }}

),

daily as (

    select
        report_date,
        source_id,
        sum(events) as events,
        sum(resolved_by_minted) as minted,
        sum(payload_broken) as broken
    from health
    where report_date is not null
    group by report_date, source_id

),

past_week as (

    select
        today.report_date,
        today.source_id,
        sum(earlier.events) as events,
        sum(earlier.minted) as minted,
        sum(earlier.broken) as broken
    from daily as today
    inner join daily as earlier
        on
            today.source_id is not distinct from earlier.source_id
            and earlier.report_date < today.report_date
            and earlier.report_date >= {{ dbt.dateadd('day', -7, 'today.report_date') }}
    group by today.report_date, today.source_id

),

shares as (

    select
        daily.report_date,
        daily.source_id,
        daily.events,
        past_week.events as trailing_events,
        cast(daily.minted as double) / daily.events as minted_share,
        cast(past_week.minted as double) / past_week.events as trailing_minted_share,
        cast(daily.broken as double) / daily.events as broken_share,
        cast(past_week.broken as double) / past_week.events as trailing_broken_share
    from daily
    inner join past_week
        on
            daily.report_date = past_week.report_date
            and daily.source_id is not distinct from past_week.source_id
    where daily.events >= {{ min_events }} and past_week.events >= {{ min_events }}

),

final as (

    select
        report_date,
        source_id,
        'minted' as share_of,
        minted_share as share,
        trailing_minted_share as trailing_share
    from shares
    where minted_share - trailing_minted_share > {{ jump }}

    union all

    select
        report_date,
        source_id,
        'payload_broken' as share_of,
        broken_share as share,
        trailing_broken_share as trailing_share
    from shares
    where broken_share - trailing_broken_share > {{ jump }}

)

select * from final
