{#- The counts of daily_source_health, one row per day (in the reporting time zone, var
    reporting_timezone) and Source (source_id, source_type), with the run bookkeeping.
    Events count on the day of their received_at, rejects on the day of their raw
    received_at (null when it is not a readable time), sessions on the day of created_at
    under the Source of their first event.
    Run state, replaced by day_source_key: a run recounts every day it touched whole, all
    Sources: the days of its events' received_at now and after the last completed run
    (an earlier re-delivery moves an event), of its sessions' created_at now and after
    the last completed run, of its rejects, and those a stopped run with its number
    recounted. A day and Source left with nothing to count stays as a row of zeros (the
    mart leaves it out), so that the replacement needs no delete of its own. -#}
-- depends_on: {{ ref('int_raw_rows__this_run') }}
{{ config(**firstparty_sessions.keyed_state_config('day_source_key')) }}
{%- set run_seq = firstparty_sessions.this_run_seq(ref('int_runs__manifest')) -%}
{%- set keys = ['report_date', 'source_id', 'source_type'] -%}
{%- set counts = firstparty_sessions.health_counted() -%}
{%- set event_counts, reject_counts, session_counts = counts['events'], counts['rejects'], counts['sessions'] -%}
{%- set all_columns = firstparty_sessions.health_count_columns() -%}
{%- set event_cell_columns = counts['event_columns'] -%}
{%- set sums = [] -%}
{%- for column in all_columns -%}
    {%- do sums.append('cast(sum(' ~ column ~ ') as ' ~ dbt.type_bigint() ~ ') as ' ~ column) -%}
{%- endfor %}
with

{% if is_incremental() -%}
{# The days this run recounts (a null day: the rejects whose received_at is not a time). #}
touched_days as (

    select {{ firstparty_sessions.reporting_date('received_at') }} as report_date
    from {{ ref('int_events__resolved') }}
    where run_seq = {{ run_seq }}

    union

    select {{ firstparty_sessions.reporting_date('previous_received_at') }} as report_date
    from {{ ref('int_events__resolved') }}
    where run_seq = {{ run_seq }} and previous_received_at is not null

    union

    select {{ firstparty_sessions.reporting_date('created_at') }} as report_date
    from {{ ref('int_sessions__aggregated') }}
    where run_seq = {{ run_seq }} and created_at is not null

    union

    select {{ firstparty_sessions.reporting_date('previous_created_at') }} as report_date
    from {{ ref('int_sessions__aggregated') }}
    where run_seq = {{ run_seq }} and previous_created_at is not null

    union

    select
        {{ firstparty_sessions.reporting_date(firstparty_sessions.parse_received_at('received_at_text')) }}
            as report_date
    from {{ ref('int_raw_rows__this_run') }}
    where reject_reason is not null

    union

    select report_date from {{ this }}
    where run_seq = {{ run_seq }}

),

{% endif -%}
dated_events as (

    select
        *,
        {{ firstparty_sessions.reporting_date('received_at') }} as report_date
    from {{ ref('int_events__resolved') }}

),

{# The events of each day and Source by the columns the counts read: a narrow aggregate
    first, the counts from its few rows. #}
event_cells as (

    select
        {{ (keys + event_cell_columns) | join(',\n        ') }},
        count(*) as cell_events,
        sum(delivery_count) as cell_deliveries
    from dated_events
    {{ firstparty_sessions.on_touched_days('dated_events') }}
    group by {{ (keys + event_cell_columns) | join(', ') }}

),

dated_rejects as (

    select
        source_id,
        source_type,
        reason,
        {{ firstparty_sessions.reporting_date(firstparty_sessions.parse_received_at('received_at')) }}
            as report_date
    from {{ ref('rejected_events') }}

),

dated_sessions as (

    select
        first_source_id as source_id,
        first_source_type as source_type,
        is_cross_source,
        {{ firstparty_sessions.is_over_session_events('event_count') }}
        or {{ firstparty_sessions.is_over_session_days('created_at', 'updated_at') }} as is_past_thresholds,
        {{ firstparty_sessions.reporting_date('created_at') }} as report_date
    from {{ ref('int_sessions__aggregated') }}
    where event_count > 0

),

{#- Each part's counts per day and Source: (CTE, the rows, their counts, the weight of a
    row, its deliveries, the touched-days filter). #}
{%- set parts = [
    ('event_counts', 'event_cells', event_counts, 'cell_events', 'cell_deliveries', ''),
    ('reject_counts', 'dated_rejects', reject_counts, '1', none,
        firstparty_sessions.on_touched_days('dated_rejects', nullable=true)),
    ('session_counts', 'dated_sessions', session_counts, '1', none,
        firstparty_sessions.on_touched_days('dated_sessions')),
] %}
{{ firstparty_sessions.health_count_ctes(parts, keys) }}

all_counts as (

    {{ firstparty_sessions.health_count_union(parts, keys, all_columns) }}
    {%- if is_incremental() %}

    union all

    {#- The stored days and Sources of the touched days: zeros unless recounted above. #}
    select
        {{ keys | join(',\n        ') }},
        {{ firstparty_sessions.health_padded(all_columns, []) }}
    from {{ this }} as stored
    {{ firstparty_sessions.on_touched_days('stored', nullable=true) }}
    {%- endif %}

),

summed as (

    select
        {{ keys | join(',\n        ') }},
        {{ sums | join(',\n        ') }}
    from all_counts
    group by {{ keys | join(', ') }}

),

final as (

    select
        {{ dbt.hash(firstparty_sessions.null_safe_concat(keys)) }} as day_source_key,
        {{ keys | join(',\n        ') }},
        {{ all_columns | join(',\n        ') }},
        cast({{ run_seq }} as {{ dbt.type_bigint() }}) as run_seq
    from summed

)

{{ firstparty_sessions.state_rows('final', 'day_source_key') }}
