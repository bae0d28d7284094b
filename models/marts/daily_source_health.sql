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
{%- set event_columns = ['events', 'deliveries'] -%}
{%- for resolution in resolutions -%}{%- do event_columns.append('resolved_by_' ~ resolution) -%}{%- endfor -%}
{%- for status in payload_statuses -%}{%- do event_columns.append('payload_' ~ status) -%}{%- endfor -%}
{%- do event_columns.append('payload_broken') -%}
{%- for status in cookie_statuses -%}{%- do event_columns.append('cookie_' ~ status) -%}{%- endfor -%}
{%- set reject_columns = ['rejects'] -%}
{%- for reason in reasons -%}{%- do reject_columns.append('rejects_' ~ reason) -%}{%- endfor -%}
{%- set session_columns = ['new_sessions', 'new_cross_source_sessions', 'new_sessions_past_thresholds'] -%}
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

event_counts as (

    select
        {{ firstparty_sessions.reporting_date('received_at') }} as report_date,
        source_id,
        source_type,
        count(*) as events,
        sum(delivery_count) as deliveries,
        {%- for resolution in resolutions %}
        sum(case when resolved_by = '{{ resolution }}' then 1 else 0 end) as resolved_by_{{ resolution }},
        {%- endfor %}
        {%- for status in payload_statuses %}
        sum(case when payload_session_status = '{{ status }}' then 1 else 0 end) as payload_{{ status }},
        {%- endfor %}
        sum(
            case when payload_session_status in ('{{ broken_payload_statuses | join("', '") }}') then 1 else 0 end
        ) as payload_broken,
        {%- for status in cookie_statuses %}
        sum(case when cookie_session_status = '{{ status }}' then 1 else 0 end) as cookie_{{ status }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from events
    group by 1, 2, 3

),

dated_rejects as (

    select
        source_id,
        source_type,
        reason,
        {#- The day of the raw received_at when it reads as a time; null when it does not. #}
        {{ firstparty_sessions.parse_received_at('received_at') }} as received_at
    from rejects

),

reject_counts as (

    select
        {{ firstparty_sessions.reporting_date('received_at') }} as report_date,
        source_id,
        source_type,
        count(*) as rejects,
        {%- for reason in reasons %}
        sum(case when reason = '{{ reason }}' then 1 else 0 end) as rejects_{{ reason }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from dated_rejects
    group by 1, 2, 3

),

new_sessions as (

    select
        session_state.created_at,
        session_state.is_cross_source,
        session_state.event_count,
        first_events.source_id,
        first_events.source_type,
        session_state.event_count > {{ max_events }}
        or {{ firstparty_sessions.seconds_between('session_state.created_at', 'session_state.updated_at') }}
        > {{ max_days }} * 86400 as is_past_thresholds
    from session_state
    inner join events as first_events
        on session_state.first_event_id = first_events.event_id
    where session_state.event_count > 0

),

session_counts as (

    select
        {{ firstparty_sessions.reporting_date('created_at') }} as report_date,
        source_id,
        source_type,
        count(*) as new_sessions,
        sum(case when is_cross_source then 1 else 0 end) as new_cross_source_sessions,
        sum(case when is_past_thresholds then 1 else 0 end) as new_sessions_past_thresholds
    from new_sessions
    group by 1, 2, 3

),

counted as (

    {%- for part, columns in [('event_counts', event_columns), ('reject_counts', reject_columns), ('session_counts', session_columns)] %}
    select
        report_date,
        source_id,
        source_type,
        {%- for column in event_columns + reject_columns + session_columns %}
        {{ column if column in columns else 'cast(0 as ' ~ dbt.type_bigint() ~ ')' }} as {{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ part }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

summed as (

    select
        report_date,
        source_id,
        source_type,
        {%- for column in event_columns + reject_columns + session_columns %}
        cast(sum({{ column }}) as {{ dbt.type_bigint() }}) as {{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from counted
    group by 1, 2, 3

),

final as (

    select
        *,
        cast(deliveries - events as double) / nullif(deliveries, 0) as redelivery_rate,
        cast(rejects as double) / nullif(deliveries + rejects, 0) as reject_share,
        cast(resolved_by_minted as double) / nullif(events, 0) as minted_share,
        cast(payload_broken as double) / nullif(events, 0) as payload_broken_share
    from summed

)

select * from final
