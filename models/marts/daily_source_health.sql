{#- One row per day (in the reporting time zone, var reporting_timezone) and Source
    (source_id, source_type): how much arrived, how it was resolved, what was rejected,
    the sessions that began, and the shares the anomaly checks read. The analysts' view
    of int_source_days__counted, which a run keeps by recounting the days it touched,
    without its run bookkeeping and the days and Sources left with nothing to count. -#}
{{ config(materialized='view') }}
with

counted as (

    select * from {{ ref('int_source_days__counted') }}

),

final as (

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_count_columns() | join(',\n        ') }},
        cast(deliveries - events as double) / nullif(deliveries, 0) as redelivery_rate,
        cast(rejects as double) / nullif(deliveries + rejects, 0) as reject_share,
        cast(resolved_by_minted as double) / nullif(events, 0) as minted_share,
        cast(payload_broken as double) / nullif(events, 0) as payload_broken_share
    from counted
    where events + rejects + new_sessions > 0

)

select * from final
