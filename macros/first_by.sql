{#- An aggregate: the value of `value` on the row of the group that comes first by
    `order_by` (a list of expressions whose values are never null and, together, unique
    within the group), among the rows where `condition` holds (every row when none);
    null when there is no such row. `value` must not be null on those rows.
    It replaces "row_number() over (partition by ... order by ...) = 1" and a join back:
    one hash aggregate, no sort (docs/performance.md). -#}
{% macro first_by(value, order_by, condition=none) -%}
    {{ return(adapter.dispatch('first_by', 'firstparty_sessions')(value, order_by, condition)) }}
{%- endmacro %}

{% macro default__first_by(value, order_by, condition=none) -%}
    {%- set key = 'row(' ~ order_by | join(', ') ~ ')' -%}
    arg_min({{ value }}, {{ key if condition is none else 'case when ' ~ condition ~ ' then ' ~ key ~ ' end' }})
{%- endmacro %}

{% macro spark__first_by(value, order_by, condition=none) -%}
    {%- set key = 'struct(' ~ order_by | join(', ') ~ ')' -%}
    min_by({{ value }}, {{ key if condition is none else 'case when ' ~ condition ~ ' then ' ~ key ~ ' end' }})
{%- endmacro %}
