{#- One row per distinct event: its session, how it was resolved and why. -#}
with

resolved as (

    select * from {{ ref('int_events__resolved') }}

),

final as (

    select
        event_id,
        session_id,
        resolved_by,
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
    from resolved

)

select * from final
