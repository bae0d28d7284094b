{#- Fails on every value that is not a canonical session ID: a lowercase UUID. On a
    run-state model, `latest_run: true` checks only the rows the latest run wrote. -#}
{% test canonical_session_id(model, column_name, latest_run=false) %}

select {{ column_name }} as invalid_session_id
from {{ firstparty_sessions.latest_run_rows(model) if latest_run else model }} as checked
where {{ column_name }} is not null
    and not {{ firstparty_sessions.regex_search(
        column_name,
        '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z'
    ) }}

{% endtest %}
