{#- One row per session. "First" is by received_at, then event_id (macro first_row: one
    hash aggregate, no window; docs/performance.md).
    Incremental: a scheduled run recomputes exactly the sessions the run's plan touches
    (the sessions of its events, before and after, and sessions carried from an
    unfinished run), each from all of its events: the previous event_sessions rows not in
    the plan plus the plan's rows. The rows replace the old ones (delete+insert on
    session_id on DuckDB). A touched session left without events is emitted with
    event_count 0 and deleted by the post-hook. Runs before event_sessions, which it
    reads in its previous state. -#}
{{ config(
    materialized='incremental',
    unique_key='session_id',
    incremental_strategy=firstparty_sessions.incremental_strategy('sessions'),
    partition_by=firstparty_sessions.mart_partition_by('created_on'),
    post_hook="{{ firstparty_sessions.remove_empty_sessions(this) }}"
) }}
{%- set full_rebuild = firstparty_sessions.is_full_rebuild() -%}
{%- set previous = none if full_rebuild else firstparty_sessions.previous_event_sessions() -%}
{#- "First" event of a session: by received_at, then event_id (unique). -#}
{%- set first_order = ['received_at', 'event_id'] -%}
with

plan as (

    select * from {{ ref('int_events__resolution_plan') }}

),

{% if is_incremental() -%}
touched_sessions as (

    select session_id from plan
    union
    select previous_session_id as session_id from plan
    where previous_session_id is not null

),

{% endif -%}

events as (

    select
        session_id,
        event_id,
        resolved_by,
        received_at,
        source_id,
        source_type,
        profile_id
    from plan
    where event_id is not null
    {%- if previous is not none %}

    union all

    select
        previous_events.session_id,
        previous_events.event_id,
        previous_events.resolved_by,
        previous_events.received_at,
        previous_events.source_id,
        previous_events.source_type,
        previous_events.profile_id
    from {{ previous }} as previous_events
    left join plan
        on previous_events.event_id = plan.event_id
    where
        plan.event_id is null
        {%- if is_incremental() %}
            and previous_events.session_id in (select touched_sessions.session_id from touched_sessions)
        {%- endif %}
    {%- endif %}

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
        {{ firstparty_sessions.sorted_list_agg('source_type', ',') }} as source_types
    from source_types_seen
    group by session_id

),

aggregated as (

    select
        session_id,
        min(received_at) as created_at,
        max(received_at) as updated_at,
        {{ firstparty_sessions.first_row(first_order + ['profile_id'], 'profile_id is not null') }}
            as first_profile,
        count(*) as event_count,
        {{ firstparty_sessions.first_row(first_order + ['resolved_by']) }} as first_event,
        count(distinct source_id) > 1 as is_cross_source
    from events
    group by session_id

),

final as (

    select
        aggregated.session_id,
        aggregated.created_at,
        aggregated.updated_at,
        {{ firstparty_sessions.first_row_field('aggregated.first_profile', 'profile_id') }} as profile_id,
        aggregated.event_count,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'resolved_by') }} as created_by,
        source_type_lists.source_types,
        aggregated.is_cross_source,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'event_id') }} as first_event_id,
        cast(aggregated.created_at as date) as created_on
    from aggregated
    left join source_type_lists
        on aggregated.session_id = source_type_lists.session_id

)
{%- if is_incremental() and firstparty_sessions.updates_in_place() %},

emptied as (

    {#- Touched sessions without events (all theirs moved elsewhere), and, when the plan
        is a full rebuild, every stored session that no longer exists. #}
    select
        touched_sessions.session_id,
        {%- for column in ['created_at', 'updated_at', 'profile_id'] %}
        null as {{ column }},
        {%- endfor %}
        0 as event_count,
        {%- for column in ['created_by', 'source_types', 'is_cross_source', 'first_event_id', 'created_on'] %}
        null as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from touched_sessions
    left join aggregated
        on touched_sessions.session_id = aggregated.session_id
    where aggregated.session_id is null
    {%- if full_rebuild %}

    union

    select
        stored.session_id,
        {%- for column in ['created_at', 'updated_at', 'profile_id'] %}
        null as {{ column }},
        {%- endfor %}
        0 as event_count,
        {%- for column in ['created_by', 'source_types', 'is_cross_source', 'first_event_id', 'created_on'] %}
        null as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ this }} as stored
    left join aggregated
        on stored.session_id = aggregated.session_id
    where aggregated.session_id is null
    {%- endif %}

)
{%- endif %}

select * from final
{%- if is_incremental() and firstparty_sessions.updates_in_place() %}
union all
select * from emptied
{%- endif %}
{{- firstparty_sessions.rest_of_rewritten_partitions('final', 'touched_sessions', 'session_id', 'created_on') }}
