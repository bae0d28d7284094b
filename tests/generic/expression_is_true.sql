{#- Fails on every row where the boolean SQL expression is not true. On a run-state
    model, `latest_run: true` checks only the rows the latest run wrote. -#}
{% test expression_is_true(model, expression, column_name=none, latest_run=false) %}

select *
from {{ firstparty_sessions.latest_run_rows(model) if latest_run else model }} as checked
where not coalesce({{ expression }}, false)

{% endtest %}
