{#- One row per distinct event: its session, how it was resolved and why, and how many
    times it was delivered. The analysts' view of int_events__resolved, without its run
    bookkeeping. -#}
{{ config(materialized='view') }}
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
        cookie_session_id,
        cast(received_at as date) as received_on
    from resolved

)

select * from final
