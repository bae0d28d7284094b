{#- An aggregate: the group's values joined by `delimiter` in ascending order (nulls left
    out). The values are expected distinct (select distinct before aggregating). -#}
{% macro sorted_list_agg(expr, delimiter) -%}
    {{ return(adapter.dispatch('sorted_list_agg', 'firstparty_sessions')(expr, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_list_agg(expr, delimiter) -%}
    {{ dbt.listagg(expr, "'" ~ delimiter ~ "'", 'order by ' ~ expr) }}
{%- endmacro %}

{% macro spark__sorted_list_agg(expr, delimiter) -%}
    {#- dbt.listagg takes no order on Spark: sort the collected values. -#}
    array_join(array_sort(collect_list({{ expr }})), '{{ delimiter }}')
{%- endmacro %}
