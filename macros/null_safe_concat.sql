{#- An injective text encoding of several nullable columns: each value is written as
    'v<length>:<text>' (or 'n' for null), so ('a|', 'b') and ('a', '|b') differ. -#}
{% macro null_safe_concat(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set text = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
        {%- do parts.append(
            "coalesce(" ~ dbt.concat(["'v'", 'cast(length(' ~ text ~ ') as ' ~ dbt.type_string() ~ ')', "':'", text]) ~ ", 'n')"
        ) -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
