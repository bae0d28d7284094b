{#- One row per distinct event: its session, how it was resolved and why.
    Incremental: a scheduled run writes the events of the run's plan: upserted (merge on
    event_id) on DuckDB; on Spark every received_on partition they touch is rewritten whole
    (insert_overwrite), its other rows copied from the table (macros/cross_db/incremental.sql).
    Written last in a run (after sessions, hence the depends_on below); the post-hooks
    finish the run: on Spark they drop partitions the run left stale, and they consume
    the plan (on DuckDB in the same transaction as the write). -#}
-- depends_on: {{ ref('sessions') }}
{{ config(
    materialized='incremental',
    unique_key='event_id',
    incremental_strategy=firstparty_sessions.incremental_strategy('event_sessions'),
    partition_by=firstparty_sessions.mart_partition_by('received_on'),
    post_hook=[
        "{{ firstparty_sessions.drop_stale_partitions(ref('int_events__resolution_plan'), this, ref('sessions')) }}",
        "{{ firstparty_sessions.consume_plan(ref('int_events__resolution_plan')) }}",
    ]
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
        cookie_session_id,
        cast(received_at as date) as received_on
    from plan
    where event_id is not null

)

select * from final
{{- firstparty_sessions.rest_of_rewritten_partitions('final', 'final', 'event_id', 'received_on') }}
