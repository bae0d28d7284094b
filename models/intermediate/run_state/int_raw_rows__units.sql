{#- Which raw rows are accounted for, and what this run takes: the one model that decides.
    A unit is a load (the value of the load column, var raw_events_load_column; with
    raw_events_load_column: filename, a file of raw_events_path) or, without a load
    column, every row of one event_id (macro raw_row_unit). A unit is new
    or grew since the last completed run -> stamped with this run's number; the rows of
    the units stamped with it are this run's (int_raw_rows__this_run). A run that did not
    complete leaves its stamps to the next run, which has the same number.
    With a load column a run reads only the rows of loads after the last completed run's
    (a load marker is assumed to grow, and a load to land whole); with loads by file, it
    lists the files and takes those it has not seen (a landed file must not change);
    without a load column, it reads the event_id of every raw row. -#}
{{ config(**firstparty_sessions.keyed_state_config('unit')) }}
{%- set manifest = ref('int_runs__manifest') -%}
{%- set run_seq = firstparty_sessions.this_run_seq(manifest) -%}
{%- set by_load = firstparty_sessions.load_column() is not none -%}
{%- set by_file = firstparty_sessions.loads_are_files() -%}
{#- Loads by file: the files, one row each, listed without reading them. -#}
{%- set unit_source = firstparty_sessions.raw_event_files() if by_file else ref('stg_firstparty__raw_events') -%}
{#- Loads by file: the order the files are taken in (after those taken before; by name
    within a run), what the fold of int_events__deduplicated compares as loads' order. -#}
{%- set orders_taken = '(select coalesce(max(taken.load_order), 0) from ' ~ this ~ ' as taken)' if is_incremental() else '0' -%}
{%- set load_order = orders_taken ~ ' + row_number() over (order by counted.unit)' if by_file else 'cast(null as ' ~ dbt.type_bigint() ~ ')' -%}
{%- set settled_through = none -%}
{%- if by_load and not by_file and is_incremental() -%}
    {%- set settled_through = firstparty_sessions.query_value(
        'select max(unit) from ' ~ this ~ ' where run_seq < ' ~ run_seq
    ) -%}
{%- endif -%}
with

raw_rows as (

    select {{ firstparty_sessions.raw_row_unit() }} as unit
    from {{ unit_source }}
    {%- if settled_through is not none %}
    where load_marker > '{{ settled_through }}'
    {%- endif %}

),

counted as (

    select
        unit,
        count(*) as row_count
    from raw_rows
    group by unit

),

stamped as (

    select
        counted.unit,
        counted.row_count,
        {{ run_seq }} as run_seq,
        {{ load_order }} as load_order
    from counted
    {%- if is_incremental() %}
    left join {{ this }} as accounted
        on counted.unit = accounted.unit
    where
        accounted.unit is null
        or accounted.row_count <> counted.row_count
    {%- endif %}

)

{{ firstparty_sessions.state_rows('stamped', 'unit') }}
