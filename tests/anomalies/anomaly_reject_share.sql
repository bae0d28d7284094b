{#- Anomaly (warn): a day and Source whose share of rejected raw rows, rejects /
    (deliveries + rejects), is above var anomaly_max_reject_share, when it has at least var
    anomaly_min_events raw rows. Rejects without a readable received_at have no day and
    are not counted here (they are in daily_source_health with a null report_date).
    Reads daily_source_health. -#}
{{ config(severity='warn', tags=['anomaly']) }}
{%- set min_rows = var('anomaly_min_events', 20) -%}
{%- set bound = var('anomaly_max_reject_share', 0.05) -%}
with

health as (

    select * from {{ ref('daily_source_health') }}

),

daily as (

    select
        report_date,
        source_id,
        sum(deliveries) as deliveries,
        sum(rejects) as rejects
    from health
    where report_date is not null
    group by report_date, source_id

),

final as (

    select
        report_date,
        source_id,
        deliveries,
        rejects,
        cast(rejects as double) / (deliveries + rejects) as reject_share
    from daily
    where
        deliveries + rejects >= {{ min_rows }}
        and cast(rejects as double) / (deliveries + rejects) > {{ bound }}

)

select * from final
