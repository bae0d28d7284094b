{#- Anomaly (warn): a Source whose share of minted events, or of events with a broken
    payload session_id (daily_source_health.payload_broken), rose on a day by more than
    var anomaly_share_jump against its own trailing week (the 7 days before), when the day
    and the week each have at least var anomaly_min_events events (health_anomalies). -#}
{{ config(severity='warn', tags=['anomaly']) }}
{{ firstparty_sessions.anomaly_rows(['minted_share_jump', 'payload_broken_share_jump']) }}
