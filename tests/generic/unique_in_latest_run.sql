{#- A run-state model's key, on the rows the latest run wrote: not null, and unique among
    them. A run replaces the stored rows of the keys it writes (by key, or by the rowid its
    lookup found), so a duplicate can only come from one run; the whole table is checked
    by `unique` in the audit. -#}
{% test unique_in_latest_run(model, column_name) %}

select
    {{ column_name }},
    count(*) as row_count
from {{ firstparty_sessions.latest_run_rows(model) }} as latest_run
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null

{% endtest %}
