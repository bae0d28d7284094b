{#- Helpers of int_source_days__counted and daily_source_health: the counts, written once
    for the three parts (events, rejects, sessions) and the mart. -#}


{#- The counts per part: {'events': [...], 'rejects': [...], 'sessions': [...]}, each a
    list of (column, the condition a row meets to be counted; none: sum delivery_count),
    and 'event_columns': the event columns the events' conditions read. -#}
{% macro health_counted() -%}
    {%- set payload_statuses = ['valid', 'unknown', 'malformed', 'not_a_string', 'null', 'absent', 'not_an_object', 'invalid_json', 'no_payload'] -%}
    {%- set broken_payload_statuses = ['malformed', 'not_a_string', 'not_an_object', 'invalid_json'] -%}
    {%- set cookie_statuses = ['valid', 'malformed', 'absent'] -%}
    {%- set resolutions = ['payload', 'cookie', 'minted'] -%}
    {%- set reasons = ['missing_event_id', 'missing_received_at', 'unparseable_received_at', 'received_at_out_of_range', 'missing_load_marker'] -%}
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
    {{ return({
        'events': event_counts,
        'event_columns': ['resolved_by', 'payload_session_status', 'cookie_session_status'],
        'rejects': reject_counts,
        'sessions': session_counts,
    }) }}
{%- endmacro %}


{#- Every count column, in order: events', rejects', sessions'. -#}
{% macro health_count_columns() -%}
    {%- set counts = firstparty_sessions.health_counted() -%}
    {%- set columns = [] -%}
    {%- for column, _ in counts['events'] + counts['rejects'] + counts['sessions'] -%}
        {%- do columns.append(column) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- `sum(...) as column` for each (column, condition): `weight` per row meeting the
    condition (default 1); a condition of none sums `deliveries` (default
    delivery_count). Joined by commas, one per line. -#}
{% macro health_counts(counts, weight='1', deliveries=none) -%}
    {%- set expressions = [] -%}
    {%- for column, condition in counts -%}
        {%- if condition is none -%}
            {%- do expressions.append('sum(' ~ (deliveries or 'delivery_count') ~ ') as ' ~ column) -%}
        {%- elif condition == 'true' -%}
            {%- do expressions.append('sum(' ~ weight ~ ') as ' ~ column) -%}
        {%- else -%}
            {%- do expressions.append('sum(case when ' ~ condition ~ ' then ' ~ weight ~ ' else 0 end) as ' ~ column) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ expressions | join(',\n        ') }}
{%- endmacro %}


{#- Every column of `all_columns`: itself when the part has it, else a zero. -#}
{% macro health_padded(all_columns, part_columns) -%}
    {%- set expressions = [] -%}
    {%- for column in all_columns -%}
        {%- do expressions.append(column if column in part_columns else 'cast(0 as ' ~ dbt.type_bigint() ~ ') as ' ~ column) -%}
    {%- endfor -%}
    {{ expressions | join(',\n        ') }}
{%- endmacro %}


{#- In an incremental run of int_source_days__counted, the filter keeping the rows of
    `relation` (with a report_date) on the days the run touched (CTE touched_days); with
    `nullable`, the null day too. Nothing in a first run. -#}
{% macro on_touched_days(relation, nullable=false) -%}
    {%- if is_incremental() -%}
    where {{ relation }}.report_date in (select touched_days.report_date from touched_days)
        {%- if nullable %}
        or ({{ relation }}.report_date is null and exists (
            select 1 from touched_days where touched_days.report_date is null
        ))
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- One CTE per part of int_source_days__counted: for each (CTE name, the rows, their
    counts, the weight of a row, its deliveries, a where clause) of `parts`, the counts
    per `keys`, each CTE followed by a comma. -#}
{% macro health_count_ctes(parts, keys) -%}
    {%- for name, relation, counted, weight, deliveries, filter in parts %}
{{ name }} as (

    select
        {{ keys | join(',\n        ') }},
        {{ firstparty_sessions.health_counts(counted, weight, deliveries) }}
    from {{ relation }}
    {{ filter }}
    group by {{ keys | join(', ') }}

),
    {%- endfor %}
{%- endmacro %}


{#- The rows of the CTEs of health_count_ctes, every column of `all_columns` (zeros for
    a part's missing ones), one union all. -#}
{% macro health_count_union(parts, keys, all_columns) -%}
    {%- for name, _, counted, _, _, _ in parts -%}
    select
        {{ keys | join(',\n        ') }},
        {{ firstparty_sessions.health_padded(all_columns, counted | map(attribute=0) | list) }}
    from {{ name }}
    {%- if not loop.last %}

    union all

    {% endif -%}
    {%- endfor -%}
{%- endmacro %}
