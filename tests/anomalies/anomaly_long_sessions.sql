{#- Anomaly (warn): a session with more than var anomaly_max_session_events events, or
    lasting more than var anomaly_max_session_days days from its first to its last event
    (sessions never time out: one constant session_id from a server integration makes a
    session of millions of events). Reads the sessions the latest run recomputed, so a
    scheduled run pays for its own sessions only and a session past a threshold is
    reported by every run that adds to it; a --full-refresh checks them all. -#}
{{ config(severity='warn', tags=['anomaly']) }}
{%- set max_events = var('anomaly_max_session_events', 10000) -%}
{%- set max_days = var('anomaly_max_session_days', 7) -%}
with

latest_sessions as (

    select * from {{ firstparty_sessions.latest_run_rows(ref('int_sessions__aggregated')) }} as latest

),

measured as (

    select
        session_id,
        event_count,
        created_at,
        updated_at,
        {{ firstparty_sessions.seconds_between('created_at', 'updated_at') }} as duration_seconds
    from latest_sessions
    where event_count > 0

),

final as (

    select
        session_id,
        event_count,
        created_at,
        updated_at,
        duration_seconds,
        event_count > {{ max_events }} as is_past_event_limit,
        duration_seconds > {{ max_days }} * 86400 as is_past_day_limit
    from measured
    where event_count > {{ max_events }} or duration_seconds > {{ max_days }} * 86400

)

select * from final
