{#- One row per day, 2000-01-01 to 2039-12-31: the time spine MetricFlow joins metrics to
    (models/semantic/_semantic__models.yml). A view: 14,610 generated rows cost nothing to
    compute per query, and a table would be rebuilt by every scheduled run. -#}
{{ config(materialized='view') }}
with

days as (

    {{ dbt.date_spine('day', "cast('2000-01-01' as date)", "cast('2040-01-01' as date)") }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
