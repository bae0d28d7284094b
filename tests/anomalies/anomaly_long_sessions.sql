{#- Anomaly (warn): a session with more than var anomaly_max_session_events events, or
    lasting more than var anomaly_max_session_days days from its first to its last event
    (sessions never time out: one constant session_id from a server integration makes a
    session of millions of events). Reported by the runs that recomputed the session (the
    latest run's rows of int_sessions__aggregated), so that a session past a threshold
    warns while it keeps growing, not on every run forever; a --full-refresh reports all. -#}
{{ config(severity='warn', tags=['anomaly']) }}
with

anomalies as (

    select * from {{ ref('health_anomalies') }}

),

latest_sessions as (

    select latest.session_id
    from {{ firstparty_sessions.latest_run_rows(ref('int_sessions__aggregated')) }} as latest

),

final as (

    select
        anomalies.anomaly,
        anomalies.report_date,
        anomalies.source_id,
        anomalies.session_id,
        anomalies.observed,
        anomalies.baseline,
        anomalies.threshold
    from anomalies
    where
        anomalies.anomaly in ('session_events', 'session_days')
        and anomalies.session_id in (select latest_sessions.session_id from latest_sessions)

)

select * from final
