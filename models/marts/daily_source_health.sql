{#- One row per day (in the reporting time zone, var reporting_timezone) and Source
    (source_id, source_type): how much arrived, how it was resolved, what was rejected,
    the sessions that began. Rebuilt in full by every run (a table): one aggregation
    pass over the marts, so after any sequence of scheduled runs it equals a
    --full-refresh by construction (README.md, "The daily health model"). -#}
{{ config(materialized='table') }}
{%- set payload_statuses = ['valid', 'unknown', 'malformed', 'not_a_string', 'null', 'absent', 'not_an_object', 'invalid_json', 'no_payload'] -%}
{%- set broken_payload_statuses = ['malformed', 'not_a_string', 'not_an_object', 'invalid_json'] -%}
{%- set cookie_statuses = ['valid', 'malformed', 'absent'] -%}
{%- set resolutions = ['payload', 'cookie', 'minted'] -%}
{%- set reasons = ['missing_event_id', 'missing_received_at', 'unparseable_received_at', 'received_at_out_of_range', 'missing_load_marker'] -%}
{%- set max_events = var('anomaly_max_session_events', 10000) -%}
{%- set max_days = var('anomaly_max_session_days', 7) -%}
{#- Each count: its column and the condition a row meets to be counted. -#}
{%- set event_counts = [('events', 'true'), ('deliveries', none)] -%}
{%- for resolution in resolutions -%}
    {%- do event_counts.append(('resolved_by_' ~ resolution, "resolved_by = '" ~ resolution ~ "'")) -%}
{%- endfor -%}
{%- for status in payload_statuses -%}
    {%- do event_counts.append(('payload_' ~ status, "payload_session_status = '" ~ status ~ "'")) -%}
{%- endfor -%}
{%- do event_counts.append(('payload_broken', "payload_session_status in ('" ~ broken_payload_statuses | join("', '") ~ "')")) -%}
{%- for status in cookie_statuses -%}
    {%- do event_counts.append(('cookie_' ~ status, "cookie_session_status = '" ~ status ~ "'")) -%}
{%- endfor -%}
{%- set reject_counts = [('rejects', 'true')] -%}
{%- for reason in reasons -%}
    {%- do reject_counts.append(('rejects_' ~ reason, "reason = '" ~ reason ~ "'")) -%}
{%- endfor -%}
{%- set session_counts = [
    ('new_sessions', 'true'),
    ('new_cross_source_sessions', 'is_cross_source'),
    ('new_sessions_past_thresholds', 'is_past_thresholds'),
] -%}
{%- set all_columns = [] -%}
{%- for column, _ in event_counts + reject_counts + session_counts -%}
    {%- do all_columns.append(column) -%}
{%- endfor -%}
{%- set sums = [] -%}
{%- for column in all_columns -%}
    {%- do sums.append('cast(sum(' ~ column ~ ') as ' ~ dbt.type_bigint() ~ ') as ' ~ column) -%}
{%- endfor %}
with

events as (

    select * from {{ ref('event_sessions') }}

),

rejects as (

    select * from {{ ref('rejected_events') }}

),

session_state as (

    select * from {{ ref('int_sessions__aggregated') }}

),

dated_events as (

    select
        *,
        {{ firstparty_sessions.reporting_date('received_at') }} as report_date
    from events

),

dated_rejects as (

    select
        source_id,
        source_type,
        reason,
        {#- The day of the raw received_at when it reads as a time; null when it does not. #}
        {{ firstparty_sessions.reporting_date(firstparty_sessions.parse_received_at('received_at')) }}
            as report_date
    from rejects

),

dated_sessions as (

    select
        first_events.source_id,
        first_events.source_type,
        session_state.is_cross_source,
        session_state.event_count > {{ max_events }}
        or {{ firstparty_sessions.seconds_between('session_state.created_at', 'session_state.updated_at') }}
        > {{ max_days }} * 86400 as is_past_thresholds,
        {{ firstparty_sessions.reporting_date('session_state.created_at') }} as report_date
    from session_state
    inner join events as first_events
        on session_state.first_event_id = first_events.event_id
    where session_state.event_count > 0

),

event_counts as (

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_counts(event_counts) }}
    from dated_events
    group by report_date, source_id, source_type

),

reject_counts as (

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_counts(reject_counts) }}
    from dated_rejects
    group by report_date, source_id, source_type

),

session_counts as (

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_counts(session_counts) }}
    from dated_sessions
    group by report_date, source_id, source_type

),

all_counts as (

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_padded(all_columns, event_counts | map(attribute=0) | list) }}
    from event_counts

    union all

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_padded(all_columns, reject_counts | map(attribute=0) | list) }}
    from reject_counts

    union all

    select
        report_date,
        source_id,
        source_type,
        {{ firstparty_sessions.health_padded(all_columns, session_counts | map(attribute=0) | list) }}
    from session_counts

),

summed as (

    select
        report_date,
        source_id,
        source_type,
        {{ sums | join(',\n        ') }}
    from all_counts
    group by report_date, source_id, source_type

),

final as (

    select
        report_date,
        source_id,
        source_type,
        {{ all_columns | join(',\n        ') }},
        cast(deliveries - events as double) / nullif(deliveries, 0) as redelivery_rate,
        cast(rejects as double) / nullif(deliveries + rejects, 0) as reject_share,
        cast(resolved_by_minted as double) / nullif(events, 0) as minted_share,
        cast(payload_broken as double) / nullif(events, 0) as payload_broken_share
    from summed

)

select * from final
