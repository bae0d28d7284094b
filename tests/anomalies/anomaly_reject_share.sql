{#- Anomaly (warn): a day and Source whose rejected share of raw rows, rejects /
    (deliveries + rejects), is above var anomaly_max_reject_share, when it has at least var
    anomaly_min_events raw rows (health_anomalies). Rejects without a readable
    received_at have no day and are not judged here. -#}
{{ config(severity='warn', tags=['anomaly']) }}
{{ firstparty_sessions.anomaly_rows(['reject_share']) }}
