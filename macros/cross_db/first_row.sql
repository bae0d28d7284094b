{#- The first and the last row of a group, as aggregates over a struct of `columns` (bare
    column names; the fields are named after them). "First" is the smallest by those
    columns in their order, "last" the largest: list the ordering columns first, then the
    ones to read. The columns must not be null on the rows that count, and the ordering
    columns must be unique among them. Read a field with first_row_field.
    They replace "row_number() over (partition by ... order by ...) = 1" and a join back:
    one hash aggregate with one small state per group, no sort (docs/performance.md). -#}

{#- The group's first row. Only rows where `condition` holds count (every row when none);
    null when none does. -#}
{% macro first_row(columns, condition=none) -%}
    {%- set row = firstparty_sessions.row_struct(columns) -%}
    min({{ row if condition is none else 'case when ' ~ condition ~ ' then ' ~ row ~ ' end' }})
{%- endmacro %}

{#- The group's last row. -#}
{% macro last_row(columns) -%}
    max({{ firstparty_sessions.row_struct(columns) }})
{%- endmacro %}


{#- A struct of `columns`, each field named after its column, whose order is the columns'
    order (what first_row and last_row compare). No portable SQL form: DuckDB and Spark. -#}
{% macro row_struct(columns) -%}
    {{ return(adapter.dispatch('row_struct', 'firstparty_sessions')(columns)) }}
{%- endmacro %}

{% macro duckdb__row_struct(columns) -%}
    {%- set fields = [] -%}
    {%- for column in columns -%}
        {%- do fields.append("'" ~ column ~ "': " ~ column) -%}
    {%- endfor -%}
    {{ '{' ~ fields | join(', ') ~ '}' }}
{%- endmacro %}

{% macro spark__row_struct(columns) -%}
    {%- set fields = [] -%}
    {%- for column in columns -%}
        {%- do fields.append("'" ~ column ~ "', " ~ column) -%}
    {%- endfor -%}
    named_struct({{ fields | join(', ') }})
{%- endmacro %}


{#- A field of a first_row or last_row struct. -#}
{% macro first_row_field(row, column) -%}
    {{ return(adapter.dispatch('first_row_field', 'firstparty_sessions')(row, column)) }}
{%- endmacro %}

{% macro duckdb__first_row_field(row, column) -%}
    struct_extract({{ row }}, '{{ column }}')
{%- endmacro %}

{% macro spark__first_row_field(row, column) -%}
    {{ row }}.{{ column }}
{%- endmacro %}
