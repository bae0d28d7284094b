{#- One row per day, 2000-01-01 to 2039-12-31: the time spine MetricFlow joins metrics to
    (models/semantic/_semantic__models.yml). A view: 14,610 generated rows cost nothing to
    compute per query, and a table would be rebuilt by every scheduled run. The number of
    days is computed here, not by dbt.date_spine, which asks the warehouse for it with a
    query on every run. -#}
{{ config(materialized='view') }}
{%- set first_day = modules.datetime.date(2000, 1, 1) -%}
{%- set day_count = (modules.datetime.date(2040, 1, 1) - first_day).days %}
with

day_numbers as (

    {{ dbt.generate_series(day_count) }}

),

final as (

    select
        cast(
            {{ dbt.dateadd('day', 'generated_number - 1', "cast('" ~ first_day.isoformat() ~ "' as date)") }}
            as date
        ) as date_day
    from day_numbers

)

select * from final
