{#- Every raw row that cannot be an event, with the reason; the Cookie header is not kept.
    Incremental, keyed by reject_id: a run adds the rejects among its raw rows
    (int_raw_rows__this_run). reject_id tells identical rejected rows apart by their
    occurrence number among the identical rows of the same load (all of a unit's rows are
    in one run), so a reject landing twice is two rejects, and a run that takes over a
    stopped one adds none twice. On Spark (no merge) a run appends the rejects whose
    reject_id is not stored yet (macro added_rows, macros/cross_db/incremental.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='reject_id',
    incremental_strategy=firstparty_sessions.append_only_incremental_strategy(),
) }}
{%- set identity = ['event_id', 'source_id', 'source_type', 'received_at_text', 'payload', 'reject_reason', 'load_marker'] -%}
with

this_run_rows as (

    select * from {{ ref('int_raw_rows__this_run') }}
    where reject_reason is not null

),

numbered as (

    select
        *,
        row_number() over (
            partition by {{ identity | join(', ') }}
            order by event_id
        ) as occurrence
    from this_run_rows

),

final as (

    select
        {{ dbt.hash(firstparty_sessions.null_safe_concat(identity + ['occurrence'])) }} as reject_id,
        event_id,
        source_id,
        source_type,
        received_at_text as received_at,
        payload,
        reject_reason as reason
    from numbered

)

{{ firstparty_sessions.added_rows('final', 'reject_id') }}
