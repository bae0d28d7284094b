{#- Where the raw events are read from. One of:
      --vars '{raw_events_path: FILE}'   a CSV (.csv, .csv.gz), Parquet or NDJSON file, by
                                         extension; a glob (events/*.parquet) reads many;
      --vars '{raw_events_table: T}'     an existing table: the `firstparty.raw_events` source;
      nothing                            the bundled demo seed `raw_events`.
    Whatever the input, its columns are read BY NAME: only raw_events_columns() is selected
    (any order; other columns are dropped here). check_raw_events_input (on-run-start)
    refuses an input that lacks one, before any model runs. The staging model types them. -#}

{#- The columns read from the input, by name: the one place to add a column. The six raw
    columns, and the load column when the var raw_events_load_column names one. -#}
{% macro raw_events_columns() -%}
    {%- set columns = ['event_id', 'source_id', 'source_type', 'received_at', 'payload', 'cookie'] -%}
    {%- if firstparty_sessions.load_column() -%}
        {%- do columns.append(firstparty_sessions.load_column()) -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}


{#- The columns a file must hold itself: raw_events_columns(), less `filename` when each file
    is a load (the reader adds it). -#}
{% macro raw_events_file_columns() -%}
    {%- set columns = firstparty_sessions.raw_events_columns() -%}
    {%- if firstparty_sessions.loads_are_files() -%}
        {{ return(columns | reject('equalto', 'filename') | list) }}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}


{% macro raw_events_relation() -%}
    {%- set path = var('raw_events_path', none) -%}
    {%- if path -%}
        {%- set input = firstparty_sessions.read_raw_events_file(path) -%}
    {%- elif var('raw_events_table', none) -%}
        {%- set input = source('firstparty', 'raw_events') -%}
    {%- else -%}
        {%- set input = ref('raw_events') -%}
    {%- endif -%}
    {{ return(
        '(select ' ~ firstparty_sessions.raw_events_columns() | join(', ')
        ~ ' from ' ~ input ~ ') as raw_events_input'
    ) }}
{%- endmacro %}


{#- The type the input gives received_at, as its schema names it, for the rule's typed fast
    path (typed_received_at); none where the input is text by construction (the demo seed,
    CSV and NDJSON files, read as text), before the run executes, and when the input cannot
    be read (the run's input check reports that). -#}
{% macro raw_received_at_type() -%}
    {{ return(adapter.dispatch('raw_received_at_type', 'firstparty_sessions')()) }}
{%- endmacro %}

{% macro default__raw_received_at_type() -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__raw_received_at_type() -%}
    {%- set path = var('raw_events_path', none) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- elif path -%}
        {%- if firstparty_sessions.raw_events_file_format(path, strict=false) != 'parquet'
            or not run_query('select 1 from glob(' ~ firstparty_sessions.sql_string(path) ~ ') limit 1').rows -%}
            {{ return(none) }}
        {%- endif -%}
    {%- elif var('raw_events_table', none) -%}
        {#- A table's column types are in the catalog (none when there is no such table). -#}
        {%- for column in adapter.get_columns_in_relation(source('firstparty', 'raw_events'))
            if column.name == 'received_at' -%}
            {{ return(column.dtype) }}
        {%- endfor -%}
        {{ return(none) }}
    {%- else -%}
        {{ return(none) }}
    {%- endif -%}
    {#- A Parquet file (or glob): its schema, read from the footer(s). -#}
    {%- set described = run_query('describe select received_at from ' ~ firstparty_sessions.raw_events_relation()) -%}
    {{ return(described.columns[1].values()[0]) }}
{%- endmacro %}


{% macro raw_events_file_format(path, strict=true) -%}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.csv') or lowered.endswith('.csv.gz') -%}{{ return('csv') }}
    {%- elif lowered.endswith('.parquet') -%}{{ return('parquet') }}
    {%- elif lowered.endswith('.ndjson') or lowered.endswith('.jsonl') or lowered.endswith('.json') -%}{{ return('ndjson') }}
    {%- elif strict -%}
        {{ exceptions.raise_compiler_error(firstparty_sessions.raw_events_file_format_problem(path)) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{% macro raw_events_file_format_problem(path) -%}
    {{ return("raw_events_path '" ~ path ~ "': unknown file type; "
        ~ "name the file .csv, .csv.gz, .parquet, .ndjson, .jsonl or .json after its format") }}
{%- endmacro %}


{#- The file (or glob) as a relation whose columns carry the file's own names. -#}
{% macro read_raw_events_file(path) -%}
    {{ return(adapter.dispatch('read_raw_events_file', 'firstparty_sessions')(path)) }}
{%- endmacro %}

{% macro duckdb__read_raw_events_file(path) -%}
    {#- CSV: the header names the columns; every value is text; an empty unquoted field is
        null, "" the empty string. union_by_name: with a glob each file is read by its
        own header. NDJSON: the keys named in `columns`, other keys ignored. -#}
    {%- set format = firstparty_sessions.raw_events_file_format(path) -%}
    {%- set quoted_path = firstparty_sessions.sql_string(path) -%}
    {#- Loads by file: the reader adds the column `filename` (the file each row came from). -#}
    {%- set by_file = ', filename = true' if firstparty_sessions.loads_are_files() else '' -%}
    {%- if format == 'csv' -%}
        read_csv({{ quoted_path }}, {{ firstparty_sessions.duckdb_csv_dialect() }}, header = true, all_varchar = true, allow_quoted_nulls = false, union_by_name = true{{ by_file }})
    {%- elif format == 'parquet' -%}
        read_parquet({{ quoted_path }}, union_by_name = true{{ by_file }})
    {%- else -%}
        {%- set columns = [] -%}
        {%- for column in firstparty_sessions.raw_events_file_columns() -%}
            {%- do columns.append("'" ~ column ~ "': 'VARCHAR'") -%}
        {%- endfor -%}
        read_json({{ quoted_path }}, format = 'newline_delimited', columns = { {{- columns | join(', ') -}} }{{ by_file }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__read_raw_events_file(path) -%}
    {#- Spark SQL reads a file by path only with the reader's default options: for CSV that
        would take the header for a row. Parquet and NDJSON are read by name as they are. -#}
    {%- set format = firstparty_sessions.raw_events_file_format(path) -%}
    {%- if format == 'csv' -%}
        {{ exceptions.raise_compiler_error(
            "raw_events_path '" ~ path ~ "': CSV files are not read on Spark; "
            ~ "convert it to Parquet (firstparty-sessions generate writes either) or load it as a table"
        ) }}
    {%- endif -%}
    {{ {'parquet': 'parquet', 'ndjson': 'json'}[format] }}.`{{ path }}`
{%- endmacro %}


{#- The CSV dialect of raw event files (RFC 4180), for every DuckDB read of one. -#}
{% macro duckdb_csv_dialect() -%}
    delim = ',', quote = '"', escape = '"', strict_mode = true
{%- endmacro %}


{#- A SQL string literal. -#}
{% macro sql_string(text) -%}
    {{ return("'" ~ (text | replace("'", "''")) ~ "'") }}
{%- endmacro %}
