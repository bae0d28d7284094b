{#- The anomalies, one row each, by the thresholds in vars (dbt_project.yml): a Source's
    minted or broken-payload share jumping against its own trailing week, a day and
    Source rejecting too large a share of its raw rows, a session with too many events or
    lasting too long. Read by the anomaly checks (tests/anomalies, severity warn) and the
    health report. A table rebuilt by every run: it reads the small daily counts and the
    sessions' counts and bounds, never the events. -#}
{{ config(materialized='table') }}
{%- set min_events = var('anomaly_min_events', 20) -%}
{%- set jump = var('anomaly_share_jump', 0.2) -%}
{%- set max_reject_share = var('anomaly_max_reject_share', 0.05) -%}
{%- set max_events = var('anomaly_max_session_events', 10000) -%}
{%- set max_days = var('anomaly_max_session_days', 7) -%}
{#- The session limits are judged by macros is_over_session_events and _days
    (macros/health/session_limits.sql); the vars above are the rows' thresholds. -#}
with

health as (

    select * from {{ ref('daily_source_health') }}

),

session_state as (

    select * from {{ ref('int_sessions__aggregated') }}

),

daily as (

    select
        report_date,
        source_id,
        sum(events) as events,
        sum(deliveries) as deliveries,
        sum(rejects) as rejects,
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
            and today.report_date > earlier.report_date
            and {{ dbt.dateadd('day', -7, 'today.report_date') }} <= earlier.report_date
    group by today.report_date, today.source_id

),

shares as (

    select
        daily.report_date,
        daily.source_id,
        cast(daily.minted as double) / daily.events as minted_share,
        cast(past_week.minted as double) / past_week.events as past_week_minted_share,
        cast(daily.broken as double) / daily.events as broken_share,
        cast(past_week.broken as double) / past_week.events as past_week_broken_share
    from daily
    inner join past_week
        on
            daily.report_date = past_week.report_date
            and daily.source_id is not distinct from past_week.source_id
    where daily.events >= {{ min_events }} and past_week.events >= {{ min_events }}

),

judged_sessions as (

    select
        session_id,
        first_source_id as source_id,
        created_at,
        cast(event_count as double) as event_count,
        {{ firstparty_sessions.session_days('created_at', 'updated_at') }} as duration_days,
        {{ firstparty_sessions.is_over_session_events('event_count') }} as is_over_events,
        {{ firstparty_sessions.is_over_session_days('created_at', 'updated_at') }} as is_over_days
    from session_state
    where event_count > 0

),

flagged_sessions as (

    select
        session_id,
        source_id,
        {{ firstparty_sessions.reporting_date('created_at') }} as report_date,
        event_count,
        duration_days,
        is_over_events,
        is_over_days
    from judged_sessions
    where is_over_events or is_over_days

),

found as (

    select
        'minted_share_jump' as anomaly,
        report_date,
        source_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        minted_share as observed,
        past_week_minted_share as baseline,
        {{ jump }} as threshold
    from shares
    where minted_share - past_week_minted_share > {{ jump }}

    union all

    select
        'payload_broken_share_jump' as anomaly,
        report_date,
        source_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        broken_share as observed,
        past_week_broken_share as baseline,
        {{ jump }} as threshold
    from shares
    where broken_share - past_week_broken_share > {{ jump }}

    union all

    select
        'reject_share' as anomaly,
        report_date,
        source_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(rejects as double) / (deliveries + rejects) as observed,
        cast(null as double) as baseline,
        {{ max_reject_share }} as threshold
    from daily
    where
        deliveries + rejects >= {{ min_events }}
        and cast(rejects as double) / (deliveries + rejects) > {{ max_reject_share }}

    union all

    select
        'session_events' as anomaly,
        report_date,
        source_id,
        session_id,
        event_count as observed,
        cast(null as double) as baseline,
        {{ max_events }} as threshold
    from flagged_sessions
    where is_over_events

    union all

    select
        'session_days' as anomaly,
        report_date,
        source_id,
        session_id,
        duration_days as observed,
        cast(null as double) as baseline,
        {{ max_days }} as threshold
    from flagged_sessions
    where is_over_days

),

final as (

    select
        anomaly,
        report_date,
        source_id,
        session_id,
        cast(observed as double) as observed,
        cast(baseline as double) as baseline,
        cast(threshold as double) as threshold
    from found

)

select * from final
