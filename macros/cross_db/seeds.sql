{#- Loading the demo seed on Spark. dbt-spark's loader sends every value as a query
    binding, which session mode writes into the SQL as Python text: a null field arrives
    as the string 'None'. Instead the file is read by Spark's CSV reader, as dbt-duckdb
    reads it with COPY: every column text, an empty field null, white space kept.
    (The Spark variant of dbt's own load_csv_rows, which dispatches to it: hence its name.) -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set file_view = model['alias'] ~ '__csv_file' -%}
    {%- call statement('seed_file_view') -%}
        create or replace temporary view {{ file_view }}
        using csv
        options (
            path '{{ path | replace("\\", "\\\\") | replace("'", "\\'") }}',
            header 'true', multiLine 'true', quote '"', escape '"', mode 'FAILFAST'
        )
    {%- endcall -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select {{ agate_table.column_names | join(', ') }} from {{ file_view }}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {{ return(sql) }}
{% endmacro %}
