{#- The raw rows this run processes, typed and screened: every raw row on the first run;
    later, the rows of the units stamped with this run's number (int_raw_rows__units).
    reject_reason says why a row cannot be an event (null when it can); with a load
    column, a row without a load marker is rejected as missing_load_marker (no run could
    tell when it landed), and read again by every run, so that it is never lost.
    load_order orders a row's load among loads (the marker; with loads by file, the order
    the file was taken in): what the fold of int_events__deduplicated compares.
    The rule models read only this. -#}
{{ config(materialized='table') }}
{%- set manifest = ref('int_runs__manifest') -%}
{%- set units = ref('int_raw_rows__units') -%}
{%- set run_seq = firstparty_sessions.this_run_seq(manifest) -%}
{%- set first_run = run_seq == 1 -%}
{%- set by_load = firstparty_sessions.load_column() is not none -%}
{%- set by_file = firstparty_sessions.loads_are_files() -%}
{%- set load_order = 'taken_files.load_order' if by_file else ('raw_rows.load_marker' if by_load else 'cast(null as ' ~ dbt.type_bigint() ~ ')') -%}
{%- if by_load and not by_file and not first_run -%}
    {%- set bounds = {
        'after': firstparty_sessions.query_value('select max(unit) from ' ~ units ~ ' where run_seq < ' ~ run_seq),
        'through': firstparty_sessions.query_value('select max(unit) from ' ~ units),
    } -%}
{%- endif -%}
with

raw_rows as (

    select * from {{ ref('stg_firstparty__raw_events') }}
    {%- if not first_run and by_load and not by_file %}
    where
        load_marker is null
        {%- if bounds.through is not none %}
        or (
            load_marker <= '{{ bounds.through }}'
            {%- if bounds.after is not none %}
            and load_marker > '{{ bounds.after }}'
            {%- endif %}
        )
        {%- endif %}
    {%- elif not first_run and not by_load %}
    {#- By the plain event_id, not the unit expression: a filter on an input column reaches
        the input's scan before the staging view types and parses anything. The rows
        without an event_id (unit '') come in below when that unit is stamped. #}
    where event_id in (
        select units.unit from {{ units }} as units
        where units.run_seq = {{ run_seq }}
    )

    union all

    select * from {{ ref('stg_firstparty__raw_events') }}
    where
        event_id is null
        and exists (
            select 1 from {{ units }} as units
            where units.run_seq = {{ run_seq }} and units.unit = ''
        )
    {%- endif %}

),

{% if by_file -%}
{#- Loads by file: the files stamped with this run's number (every file on a first run),
    with the order they were taken in. #}
taken_files as (

    select
        unit,
        load_order
    from {{ units }}
    where run_seq = {{ run_seq }}

),

{% endif -%}
ordered as (

    select
        raw_rows.*,
        {{ load_order }} as load_order
    from raw_rows
    {%- if by_file %}
    inner join taken_files
        on raw_rows.load_marker = taken_files.unit
    {%- endif %}

),

screened as (

    select
        ordered.*,
        coalesce(
            {{ firstparty_sessions.reject_reason('event_id', 'received_at_text', 'received_at') }},
            {{ "case when load_marker is null then 'missing_load_marker' end" if by_load else 'null' }}
        ) as reject_reason
    from ordered

),

{# The raw text of received_at and the payload are kept for the rejects only (what
    rejected_events stores): the events need neither, and storing them for every row
    cost a fifth of this table's build. #}
final as (

    select
        event_id,
        source_id,
        source_type,
        received_at,
        payload_session_status,
        payload_session_id,
        profile_id,
        event_name,
        cookie_session_id,
        cookie_session_status,
        load_marker,
        load_order,
        reject_reason,
        case when reject_reason is not null then received_at_text end as received_at_text,
        case when reject_reason is not null then payload end as payload
    from screened

)

select * from final
