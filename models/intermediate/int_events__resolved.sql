{#- Each event's session: payload, else fsid cookie, else a minted ID (docs/rules.md).
    In strict mode (var session_id_validation = 'known') a payload ID counts only when
    the session is established; otherwise its status becomes 'unknown'.
    The events resolved: on a full rebuild, all; on a scheduled run, the changed events
    (int_events__deduplicated) and, in strict mode, every previously resolved event whose
    payload names a session that a changed event establishes now or established before:
    only those can resolve differently. Re-resolving such an event never changes what it
    establishes itself (that does not depend on the strict result), so nothing cascades. -#}
{%- set strict = firstparty_sessions.is_strict_mode() -%}
{%- set full_rebuild = firstparty_sessions.is_full_rebuild() -%}
{%- set previous = none if full_rebuild else firstparty_sessions.previous_event_sessions() -%}
with

changed_events as (

    select * from {{ ref('int_events__deduplicated') }}

),

{% if strict -%}
established as (

    select * from {{ ref('int_sessions__established') }}

),

{% endif -%}
{% if strict and not full_rebuild -%}
{#- The sessions whose establishment may have changed: what the changed events
    establish now, and what they established before. #}
candidate_sessions as (

    select
        {{ firstparty_sessions.established_session_id(
            'payload_session_status',
            'cookie_session_status',
            'cookie_session_id',
            firstparty_sessions.mint_session_id('event_id', 'received_at')
        ) }} as session_id
    from changed_events

    union

    select
        {{ firstparty_sessions.established_session_id(
            'previous_events.payload_session_status',
            'previous_events.cookie_session_status',
            'previous_events.cookie_session_id',
            'previous_events.session_id'
        ) }} as session_id
    from {{ previous }} as previous_events
    inner join changed_events
        on previous_events.event_id = changed_events.event_id

),

{#- Unchanged events that name such a session, back at their format-level payload status. #}
re_resolved_events as (

    select
        previous_events.event_id,
        previous_events.source_id,
        previous_events.source_type,
        previous_events.received_at,
        previous_events.profile_id,
        previous_events.event_name,
        previous_events.delivery_count,
        case
            when previous_events.payload_session_status = 'unknown' then 'valid'
            else previous_events.payload_session_status
        end as payload_session_status,
        previous_events.payload_session_id,
        previous_events.cookie_session_status,
        previous_events.cookie_session_id
    from {{ previous }} as previous_events
    left join changed_events
        on previous_events.event_id = changed_events.event_id
    where
        changed_events.event_id is null
        and previous_events.payload_session_id in (
            select candidate_sessions.session_id
            from candidate_sessions
            where candidate_sessions.session_id is not null
        )

),

{% endif -%}
events as (

    select
        event_id,
        source_id,
        source_type,
        received_at,
        profile_id,
        event_name,
        delivery_count,
        payload_session_status,
        payload_session_id,
        cookie_session_status,
        cookie_session_id
    from changed_events
    {%- if strict and not full_rebuild %}

    union all

    select * from re_resolved_events
    {%- endif %}

),

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

{# The MD5 of the ID rule, once per event that is minted (the ID uses it four times). #}
mint_hashed as (

    select
        *,
        case
            when payload_session_status = 'valid' or cookie_session_status = 'valid' then null
            else {{ firstparty_sessions.mint_hash('event_id') }}
        end as mint_hash
    from payload_checked

),

resolved as (

    select
        event_id,
        case
            when payload_session_status = 'valid' then payload_session_id
            when cookie_session_status = 'valid' then cookie_session_id
            else {{ firstparty_sessions.mint_session_id('event_id', 'received_at', hash='mint_hash') }}
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
    from mint_hashed

)

select * from resolved
