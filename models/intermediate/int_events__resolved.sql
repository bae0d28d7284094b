{#- Each event's session: payload, else fsid cookie, else a minted ID (docs/rules.md).
    In strict mode (var session_id_validation = 'known') a payload ID counts only when
    the session is established; otherwise its status becomes 'unknown'. -#}
{%- set strict = firstparty_sessions.is_strict_mode() -%}
with

events as (

    select * from {{ ref('int_events__deduplicated') }}

),

{% if strict -%}
established as (

    select * from {{ ref('int_sessions__established') }}

),
{%- endif %}

payload_checked as (

    select
        events.event_id,
        events.source_id,
        events.source_type,
        events.received_at,
        events.profile_id,
        events.event_name,
        events.delivery_count,
        events.payload_session_id,
        events.cookie_session_status,
        events.cookie_session_id,
        case
            {#- In format mode every well-formed payload ID is accepted. #}
            when
                events.payload_session_status = 'valid'
                and {{ 'established.session_id is null' if strict else 'false' }}
                then 'unknown'
            else events.payload_session_status
        end as payload_session_status
    from events
    {% if strict -%}
        left join established
            on events.payload_session_id = established.session_id
    {%- endif %}

),

resolved as (

    select
        event_id,
        case
            when payload_session_status = 'valid' then payload_session_id
            when cookie_session_status = 'valid' then cookie_session_id
            else {{ firstparty_sessions.mint_session_id('event_id', 'received_at') }}
        end as session_id,
        case
            when payload_session_status = 'valid' then 'payload'
            when cookie_session_status = 'valid' then 'cookie'
            else 'minted'
        end as resolved_by,
        received_at,
        source_id,
        source_type,
        profile_id,
        event_name,
        delivery_count,
        payload_session_status,
        payload_session_id,
        cookie_session_status,
        cookie_session_id
    from payload_checked

)

select * from resolved
