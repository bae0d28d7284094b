{#- Every raw row that cannot be an event, with the reason; the Cookie header is not
    kept. reject_id tells identical rejected rows apart by their occurrence number. -#}
with

screened as (

    select * from {{ ref('int_events__screened') }}

),

rejected as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text as received_at,
        payload,
        reject_reason as reason,
        row_number() over (
            partition by event_id, source_id, source_type, received_at_text, payload, reject_reason
            order by event_id
        ) as occurrence
    from screened
    where reject_reason is not null

),

final as (

    select
        {{ dbt.hash(firstparty_sessions.null_safe_concat(
            ['event_id', 'source_id', 'source_type', 'received_at', 'payload', 'reason', 'occurrence']
        )) }} as reject_id,
        event_id,
        source_id,
        source_type,
        received_at,
        payload,
        reason
    from rejected

)

select * from final
