{#- One row per distinct event: its session, how it was resolved and why.
    Incremental: a scheduled run upserts the events of the run's plan (merge on event_id
    on DuckDB). Written last in a run (after sessions, hence the depends_on below); the
    post-hook consumes the plan in the same transaction, marking the run finished. -#}
-- depends_on: {{ ref('sessions') }}
{{ config(
    materialized=firstparty_sessions.mart_materialization(),
    unique_key='event_id',
    incremental_strategy=firstparty_sessions.incremental_strategy('event_sessions'),
    post_hook="{{ firstparty_sessions.consume_plan(ref('int_events__resolution_plan')) }}"
) }}
with

plan as (

    select * from {{ ref('int_events__resolution_plan') }}

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
    from plan
    where event_id is not null

)

select * from final
