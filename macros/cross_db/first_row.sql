{#- An aggregate: the group's first row, as a struct of `columns` (bare column names; the
    fields are named after them), "first" meaning the smallest by those columns in their
    order: list the ordering columns first, then the ones to read. Only rows where
    `condition` holds count (every row when none); null when none does. The columns must
    not be null on the rows that count, and the ordering columns must be unique among them.
    Read a field with first_row_field.
    It replaces "row_number() over (partition by ... order by ...) = 1" and a join back:
    one hash aggregate with one small state per group, no sort (docs/performance.md). -#}
{% macro first_row(columns, condition=none) -%}
    {{ return(adapter.dispatch('first_row', 'firstparty_sessions')(columns, condition)) }}
{%- endmacro %}

{% macro duckdb__first_row(columns, condition=none) -%}
    {%- set fields = [] -%}
    {%- for column in columns -%}
        {%- do fields.append("'" ~ column ~ "': " ~ column) -%}
    {%- endfor -%}
    {%- set row = '{' ~ fields | join(', ') ~ '}' -%}
    min({{ row if condition is none else 'case when ' ~ condition ~ ' then ' ~ row ~ ' end' }})
{%- endmacro %}

{% macro spark__first_row(columns, condition=none) -%}
    {%- set fields = [] -%}
    {%- for column in columns -%}
        {%- do fields.append("'" ~ column ~ "', " ~ column) -%}
    {%- endfor -%}
    {%- set row = 'named_struct(' ~ fields | join(', ') ~ ')' -%}
    min({{ row if condition is none else 'case when ' ~ condition ~ ' then ' ~ row ~ ' end' }})
{%- endmacro %}


{#- A field of a first_row struct. -#}
{% macro first_row_field(row, column) -%}
    {{ return(adapter.dispatch('first_row_field', 'firstparty_sessions')(row, column)) }}
{%- endmacro %}

{% macro duckdb__first_row_field(row, column) -%}
    struct_extract({{ row }}, '{{ column }}')
{%- endmacro %}

{% macro spark__first_row_field(row, column) -%}
    {{ row }}.{{ column }}
{%- endmacro %}
