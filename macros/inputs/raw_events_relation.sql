{#- Where the raw events are read from. One of, in this order:
      --vars '{raw_events_path: FILE}'   a CSV, Parquet or NDJSON file, by extension;
      --vars '{raw_events_table: T}'     an existing table: the `firstparty.raw_events` source;
      nothing                            the bundled demo seed `raw_events`.
    Every column is read as text; the staging model types it. -#}
{% macro raw_events_relation() -%}
    {%- set path = var('raw_events_path', none) -%}
    {%- if path -%}
        {{ return(firstparty_sessions.read_raw_events_file(path)) }}
    {%- elif var('raw_events_table', none) -%}
        {{ return(source('firstparty', 'raw_events')) }}
    {%- else -%}
        {{ return(ref('raw_events')) }}
    {%- endif -%}
{%- endmacro %}


{% macro raw_events_file_format(path) -%}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.csv') or lowered.endswith('.csv.gz') -%}{{ return('csv') }}
    {%- elif lowered.endswith('.parquet') -%}{{ return('parquet') }}
    {%- elif lowered.endswith('.ndjson') or lowered.endswith('.jsonl') or lowered.endswith('.json') -%}{{ return('ndjson') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "raw_events_path '" ~ path ~ "': unknown file type; use .csv, .parquet, .ndjson, .jsonl or .json"
        ) }}
    {%- endif -%}
{%- endmacro %}


{% macro read_raw_events_file(path) -%}
    {{ return(adapter.dispatch('read_raw_events_file', 'firstparty_sessions')(path)) }}
{%- endmacro %}

{% macro duckdb__read_raw_events_file(path) -%}
    {%- set format = firstparty_sessions.raw_events_file_format(path) -%}
    {%- set quoted_path = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- set columns = "{'event_id': 'VARCHAR', 'source_id': 'VARCHAR', 'source_type': 'VARCHAR', 'received_at': 'VARCHAR', 'payload': 'VARCHAR', 'cookie': 'VARCHAR'}" -%}
    {%- if format == 'csv' -%}
        read_csv({{ quoted_path }}, header = true, columns = {{ columns }}, quote = '"', escape = '"', strict_mode = true, allow_quoted_nulls = false)
    {%- elif format == 'parquet' -%}
        read_parquet({{ quoted_path }})
    {%- else -%}
        read_json({{ quoted_path }}, format = 'newline_delimited', columns = {{ columns }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__read_raw_events_file(path) -%}
    {#- Spark SQL reads a file by path only with the reader's default options: for CSV that
        would take the header for a row. Parquet and NDJSON are read as they are. -#}
    {%- set format = firstparty_sessions.raw_events_file_format(path) -%}
    {%- if format == 'csv' -%}
        {{ exceptions.raise_compiler_error(
            "raw_events_path '" ~ path ~ "': CSV files are not read on Spark; "
            ~ "convert it to Parquet (firstparty-sessions generate writes either) or load it as a table"
        ) }}
    {%- endif -%}
    {{ {'parquet': 'parquet', 'ndjson': 'json'}[format] }}.`{{ path }}`
{%- endmacro %}
