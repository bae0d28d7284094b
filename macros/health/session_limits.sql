{#- The anomaly limits on a session (vars anomaly_max_session_events, anomaly_max_session_days),
    one home for the health counts (int_source_days__counted) and the anomalies
    (health_anomalies). -#}

{#- A session's duration in days (a double). -#}
{% macro session_days(created_at, updated_at) -%}
    {{ firstparty_sessions.seconds_between(created_at, updated_at) }} / 86400
{%- endmacro %}

{#- Whether a session has more events than var anomaly_max_session_events. -#}
{% macro is_over_session_events(event_count) -%}
    {{ event_count }} > {{ var('anomaly_max_session_events', 10000) }}
{%- endmacro %}

{#- Whether a session lasts longer than var anomaly_max_session_days. -#}
{% macro is_over_session_days(created_at, updated_at) -%}
    {{ firstparty_sessions.session_days(created_at, updated_at) }} > {{ var('anomaly_max_session_days', 7) }}
{%- endmacro %}
