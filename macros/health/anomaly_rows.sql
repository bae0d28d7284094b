{#- What an anomaly check reports (tests/anomalies, severity warn): the rows of
    health_anomalies of the given kinds. With in_latest_run, only the sessions the latest
    run recomputed (the latest run's rows of int_sessions__aggregated): a session past a
    threshold warns while it keeps growing, not on every run forever; a --full-refresh
    reports all. -#}
{% macro anomaly_rows(kinds, in_latest_run=false) -%}
with

anomalies as (

    select * from {{ ref('health_anomalies') }}

),

{% if in_latest_run -%}
latest_sessions as (

    select latest.session_id
    from {{ firstparty_sessions.latest_run_rows(ref('int_sessions__aggregated')) }} as latest

),

{% endif -%}
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
        anomalies.anomaly in ('{{ kinds | join("', '") }}')
        {%- if in_latest_run %}
        and anomalies.session_id in (select latest_sessions.session_id from latest_sessions)
        {%- endif %}

)

select * from final
{%- endmacro %}

