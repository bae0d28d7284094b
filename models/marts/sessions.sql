{#- One row per session: when it began and was last seen, its profile, how many events,
    how its first event was resolved, the source types seen, and the columns session
    analyses need (duration, first and last event name, landing Source, number of
    Sources). The analysts' view of int_sessions__aggregated, which computes them
    per session, without its run bookkeeping and the sessions left empty. -#}
{{ config(materialized='view') }}
with

aggregated as (

    select * from {{ ref('int_sessions__aggregated') }}

),

final as (

    select
        session_id,
        created_at,
        updated_at,
        profile_id,
        event_count,
        created_by,
        source_types,
        is_cross_source,
        first_event_id,
        cast(created_at as date) as created_on,
        {{ firstparty_sessions.seconds_between('created_at', 'updated_at') }} as duration_seconds,
        first_event_name,
        last_event_name,
        first_source_id,
        first_source_type,
        source_count
    from aggregated
    where event_count > 0

)

select * from final
