{#- Strict mode's established sessions: every valid fsid cookie ID, and the minted ID of
    every event that had neither a well-formed payload ID nor a valid cookie
    (macro established_session_id). Defined over all events, so it does not depend on
    their order. On a scheduled run the events are the changed ones (recomputed in
    int_events__deduplicated) plus every other event as the previous event_sessions
    holds it: an event's contribution is readable from its event_sessions row. -#}
{%- set full_rebuild = firstparty_sessions.is_full_rebuild() -%}
{%- set previous = none if full_rebuild else firstparty_sessions.previous_event_sessions() -%}
with

events as (

    select * from {{ ref('int_events__deduplicated') }}

),

contributions as (

    select
        {{ firstparty_sessions.established_session_id(
            'payload_session_status',
            'cookie_session_status',
            'cookie_session_id',
            firstparty_sessions.mint_session_id('event_id', 'received_at')
        ) }} as session_id
    from events
    {%- if not full_rebuild %}

    union all

    select
        {{ firstparty_sessions.established_session_id(
            'previous_events.payload_session_status',
            'previous_events.cookie_session_status',
            'previous_events.cookie_session_id',
            'previous_events.session_id'
        ) }} as session_id
    from {{ previous }} as previous_events
    left join events
        on previous_events.event_id = events.event_id
    where events.event_id is null
    {%- endif %}

),

established as (

    select distinct session_id
    from contributions
    where session_id is not null

)

select * from established
