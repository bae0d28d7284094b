{#- Anomaly (warn): a session with more than var anomaly_max_session_events events, or
    lasting more than var anomaly_max_session_days days from its first to its last event
    (sessions never time out: one constant session_id from a server integration makes a
    session of millions of events). Reported by the runs that recomputed the session (the
    latest run's rows of int_sessions__aggregated), so that a session past a threshold
    warns while it keeps growing, not on every run forever; a --full-refresh reports all. -#}
{{ config(severity='warn', tags=['anomaly']) }}
{{ firstparty_sessions.anomaly_rows(['session_events', 'session_days'], in_latest_run=true) }}
