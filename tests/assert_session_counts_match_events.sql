{#- Every session's event_count, created_at and updated_at agree with its events, and
    every session has at least one event. Returns the sessions that disagree. -#}
{{ config(tags=['audit']) }}
with

events_per_session as (

    select
        session_id,
        count(*) as event_count,
        min(received_at) as created_at,
        max(received_at) as updated_at
    from {{ ref('event_sessions') }}
    group by session_id

),

sessions as (

    select * from {{ ref('sessions') }}

),

compared as (

    select
        sessions.session_id,
        sessions.event_count as session_event_count,
        events_per_session.event_count as counted_event_count
    from sessions
    left join events_per_session
        on sessions.session_id = events_per_session.session_id
    where
        events_per_session.session_id is null
        or sessions.event_count <> events_per_session.event_count
        or sessions.created_at <> events_per_session.created_at
        or sessions.updated_at <> events_per_session.updated_at

)

select * from compared
