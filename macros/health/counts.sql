{#- Helpers of daily_source_health: column lists written once for its three parts. -#}

{#- `sum(...) as column` for each (column, condition): 1 per row meeting the condition;
    a condition of none sums delivery_count. Joined by commas, one per line. -#}
{% macro health_counts(counts) -%}
    {%- set expressions = [] -%}
    {%- for column, condition in counts -%}
        {%- if condition is none -%}
            {%- do expressions.append('sum(delivery_count) as ' ~ column) -%}
        {%- else -%}
            {%- do expressions.append('sum(case when ' ~ condition ~ ' then 1 else 0 end) as ' ~ column) -%}
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
