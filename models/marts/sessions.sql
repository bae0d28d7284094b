{#- One row per session. "First" is by received_at, then event_id. -#}
with

events as (

    select * from {{ ref('int_events__resolved') }}

),

ranked as (

    select
        session_id,
        event_id,
        resolved_by,
        profile_id,
        row_number() over (partition by session_id order by received_at, event_id) as event_rank,
        case
            when profile_id is not null
                then row_number() over (
                    partition by session_id, profile_id is null order by received_at, event_id
                )
        end as profile_rank
    from events

),

first_events as (

    select
        session_id,
        event_id as first_event_id,
        resolved_by as created_by
    from ranked
    where event_rank = 1

),

first_profiles as (

    select
        session_id,
        profile_id
    from ranked
    where profile_rank = 1

),

source_types_seen as (

    select distinct
        session_id,
        source_type
    from events
    where source_type is not null

),

source_type_lists as (

    select
        session_id,
        {{ dbt.listagg('source_type', "','", 'order by source_type') }} as source_types
    from source_types_seen
    group by session_id

),

aggregated as (

    select
        session_id,
        min(received_at) as created_at,
        max(received_at) as updated_at,
        count(*) as event_count,
        count(distinct source_id) > 1 as is_cross_source
    from events
    group by session_id

),

final as (

    select
        aggregated.session_id,
        aggregated.created_at,
        aggregated.updated_at,
        first_profiles.profile_id,
        aggregated.event_count,
        first_events.created_by,
        source_type_lists.source_types,
        aggregated.is_cross_source,
        first_events.first_event_id
    from aggregated
    inner join first_events
        on aggregated.session_id = first_events.session_id
    left join first_profiles
        on aggregated.session_id = first_profiles.session_id
    left join source_type_lists
        on aggregated.session_id = source_type_lists.session_id

)

select * from final
