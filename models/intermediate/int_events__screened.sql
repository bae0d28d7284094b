{#- Every raw row with the reason it cannot be an event (null when it can). -#}
with

raw_rows as (

    select * from {{ ref('stg_firstparty__raw_events') }}

),

screened as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text,
        received_at,
        payload,
        payload_session_status,
        payload_session_id,
        profile_id,
        event_name,
        cookie_session_id,
        cookie_session_status,
        {{ firstparty_sessions.reject_reason('event_id', 'received_at_text', 'received_at') }}
            as reject_reason
    from raw_rows

)

select * from screened
