{#- Scheduled runs: the run's sequence number and the input's load marker. README.md
    "Scheduled runs" describes the mechanism; int_runs__manifest is its root. -#}

{#- This run's sequence number: one more than the latest completed run in the manifest
    (1 before the first). A run that did not complete (stopped, failed) left no row, so the
    next run has the same number and takes over what the stopped one stamped. An integer,
    read when the model runs (the manifest is built before every model that calls this). -#}
{% macro this_run_seq(manifest) -%}
    {%- if not execute -%}
        {{ return(0) }}
    {%- endif -%}
    {#- Before the manifest exists (compiling, linting a new database): the first run. -#}
    {%- if model is mapping and model.get('resource_type') != 'unit_test'
        and load_relation(manifest) is none -%}
        {{ return(1) }}
    {%- endif -%}
    {%- set query -%}
        select coalesce(max(run_seq), 0) + 1 as run_seq from {{ manifest }}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] | int) }}
{%- endmacro %}


{#- The var raw_events_load_column: a column of the raw input whose value grows with each
    load (a loader's _loaded_at, an ingestion sequence), or none. -#}
{% macro load_column() -%}
    {{ return(var('raw_events_load_column', none)) }}
{%- endmacro %}


{#- Whether each file of raw_events_path is a load (var raw_events_load_column: filename):
    the reader's `filename` is then the load marker, the files already processed are
    remembered by name (int_raw_rows__units), and a run reads only the files it has not
    seen. A landed file must not change. DuckDB only. -#}
{% macro loads_are_files() -%}
    {{ return(firstparty_sessions.load_column() == 'filename' and var('raw_events_path', none) is not none) }}
{%- endmacro %}


{#- The files of raw_events_path already processed (loads_are_files): the units of
    int_raw_rows__units, read before any model runs (the input check skips them); none
    before the first run. -#}
{% macro processed_raw_event_files() -%}
    {%- set node = graph.nodes.get('model.firstparty_sessions.int_raw_rows__units') -%}
    {%- set units = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if units is none -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(run_query('select unit from ' ~ units).columns[0].values() | list) }}
{%- endmacro %}


{#- The files of raw_events_path, one row each (column `file`, as the reader names it in
    `filename`): what int_raw_rows__units lists when each file is a load. DuckDB lists
    them without reading them; other engines do not take loads by file. -#}
{% macro raw_event_files() -%}
    {{ return(adapter.dispatch('raw_event_files', 'firstparty_sessions')()) }}
{%- endmacro %}

{#- Elsewhere: refused (the input check refuses the var first, in one line). -#}
{% macro default__raw_event_files() -%}
    {%- if execute -%}
        {{ exceptions.raise_compiler_error("raw_events_load_column 'filename' (each file a load) is read on DuckDB only") }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__raw_event_files() -%}
    (select file from glob({{ firstparty_sessions.sql_string(var('raw_events_path')) }})) as raw_event_files
{%- endmacro %}


{#- The unit of raw rows a run accounts for: with a load marker, one load (the marker's
    value: a run reads only loads it has not seen; with loads_are_files, the file, from
    the listing raw_event_files); without, all rows of one event_id (a run reads the
    narrow event_id of every raw row and takes the event_ids whose row count changed). -#}
{% macro raw_row_unit() -%}
    {%- if firstparty_sessions.loads_are_files() -%}
        file
    {%- elif firstparty_sessions.load_column() -%}
        load_marker
    {%- else -%}
        coalesce(event_id, '')
    {%- endif -%}
{%- endmacro %}


{#- The value of a one-row, one-column query, or none; as SQL text for a literal. -#}
{% macro query_value(query) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set values = run_query(query).columns[0].values() -%}
    {{ return(values[0] if values | length > 0 else none) }}
{%- endmacro %}



{#- The rows of a run-state model that the latest run wrote (its run_seq): what the data
    tests of a scheduled run check, so that they cost what the run costs. The whole tables
    are checked by the audit (tests tagged `audit`, README.md "Scheduled runs"). -#}
{% macro latest_run_rows(model) -%}
    (select * from {{ model }} where run_seq = (select max(run_seq) from {{ model }}))
{%- endmacro %}


{#- For a row this run rewrites, a stored column's value as of the last completed run: the
    stored value when a completed run wrote the row, else (a stopped run with this run's
    number wrote it) the value that run kept as previous. What a run must undo as well
    (the session an event leaves, the session it no longer establishes). Null on a first
    run (nothing stored), of `type` (default a string). `stored` is the model's own
    stored row, joined by key. -#}
{% macro value_after_last_completed_run(stored, column, previous_column, run_seq, type=none) -%}
    {%- if is_incremental() -%}
    case
        when {{ stored }}.run_seq < {{ run_seq }} then {{ stored }}.{{ column }}
        else {{ stored }}.{{ previous_column }}
    end
    {%- else -%}
    cast(null as {{ type or dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}


{#- The session IDs a per-session state model recomputes in this run: those `column` of
    the run's events (in `events`, stamped with run_seq) names now, those it named after
    the last completed run (`previous_column`), and, in an incremental run, the sessions
    the model itself wrote in a stopped run with this number. -#}
{% macro touched_session_ids(events, column, previous_column, run_seq) -%}
    select {{ column }} as session_id
    from {{ events }}
    where run_seq = {{ run_seq }} and {{ column }} is not null

    union

    select {{ previous_column }} as session_id
    from {{ events }}
    where run_seq = {{ run_seq }} and {{ previous_column }} is not null
    {%- if is_incremental() %}

    union

    select session_id from {{ this }}
    where run_seq = {{ run_seq }}
    {%- endif %}
{%- endmacro %}


{#- A state model's stored rows (`columns`, default all) of the keys this run writes
    (`keys`: a query of them), read filtered, never whole: on DuckDB the filter reaches
    the scan, and the rows are the small side of the joins that follow. For incremental
    runs (a first run has nothing stored). Where the engine has a row_locator, each row's
    address comes along as stored_row_locator (replaces_located_rows); there, with
    `by_address`, the rows are read in two steps: the addresses of the keys' rows, from
    the key column alone, then the rows at those addresses, whose other columns the
    engine reads for those rows only. Worth it for many columns of a large table (at 10M
    events, the selects of int_events__deduplicated 0.8 s -> 0.45 s, int_events__resolved
    0.5 s -> 0.3 s); for a few columns the second pass costs more than it saves. -#}
{% macro stored_rows(key, keys, columns=none, by_address=true) -%}
    {%- set locator = firstparty_sessions.row_locator() -%}
    select
        {{ columns | join(', ') if columns else '*' }}
        {%- if locator is not none %},
        {{ locator }} as stored_row_locator
        {%- endif %}
    from {{ this }}
    {%- if locator is none or not by_address %}
    where {{ key }} in ({{ keys }})
    {%- else %}
    where {{ locator }} in (
        select {{ locator }} from {{ this }}
        where {{ key }} in ({{ keys }})
    )
    {%- endif %}
{%- endmacro %}
