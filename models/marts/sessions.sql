{#- One row per session: when it began and was last seen, its profile, how many events,
    how its first event was resolved, the source types seen; then the columns session
    analyses need (duration, first and last event name, landing source, number of
    Sources), computed here from the session's events. The analysts' view of
    int_sessions__aggregated, without its run bookkeeping and the sessions left empty. -#}
{{ config(materialized='view') }}
with

aggregated as (

    select * from {{ ref('int_sessions__aggregated') }}

),

resolved as (

    select * from {{ ref('int_events__resolved') }}

),

session_events as (

    select
        session_id,
        {{ firstparty_sessions.last_row(['received_at', 'event_id', 'event_name']) }} as last_event,
        count(distinct source_id) as source_count
    from resolved
    group by session_id

),

final as (

    select
        aggregated.session_id,
        aggregated.created_at,
        aggregated.updated_at,
        aggregated.profile_id,
        aggregated.event_count,
        aggregated.created_by,
        aggregated.source_types,
        aggregated.is_cross_source,
        aggregated.first_event_id,
        cast(aggregated.created_at as date) as created_on,
        {{ firstparty_sessions.seconds_between('aggregated.created_at', 'aggregated.updated_at') }}
            as duration_seconds,
        first_events.event_name as first_event_name,
        {{ firstparty_sessions.first_row_field('session_events.last_event', 'event_name') }}
            as last_event_name,
        first_events.source_id as first_source_id,
        first_events.source_type as first_source_type,
        session_events.source_count
    from aggregated
    left join session_events
        on aggregated.session_id = session_events.session_id
    left join resolved as first_events
        on aggregated.first_event_id = first_events.event_id
    where aggregated.event_count > 0

)

select * from final
