{#- Fails on every value that is not a canonical session ID: a lowercase UUID. -#}
{% test canonical_session_id(model, column_name) %}

select {{ column_name }} as invalid_session_id
from {{ model }}
where {{ column_name }} is not null
    and not {{ firstparty_sessions.regex_search(
        column_name,
        '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z'
    ) }}

{% endtest %}
