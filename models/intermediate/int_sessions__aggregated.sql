{#- One row per session, from all its events in int_events__resolved: the columns of the
    sessions mart, so that the mart is a thin view. "First" is by received_at, then
    event_id, "last" the reverse (macros first_row, last_row: one hash aggregate, no
    window).
    Run state, replaced per session (by session_id): a run recomputes every
    session an event of its run belongs to now or belonged to after the last completed
    run, and those a stopped run recomputed. A session left without events stays as a
    row with event_count 0 (the sessions mart leaves it out), so that the replacement
    needs no delete of its own. previous_created_at is the session's created_at after the
    last completed run: the day it no longer begins on (int_source_days__counted). -#}
{{ config(**firstparty_sessions.keyed_state_config('session_id', by_stored_row=true)) }}
{%- set run_seq = firstparty_sessions.this_run_seq(ref('int_runs__manifest')) -%}
{#- "First" event of a session: by received_at, then event_id (unique). -#}
{%- set first_order = ['received_at', 'event_id'] -%}
with

{% if is_incremental() -%}
touched_sessions as (

    {{ firstparty_sessions.touched_session_ids(
        ref('int_events__resolved'), 'session_id', 'previous_session_id', run_seq
    ) }}

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
        profile_id,
        event_name
    from {{ ref('int_events__resolved') }}
    {%- if is_incremental() %}
    where session_id in (select touched_sessions.session_id from touched_sessions)
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
        {{ firstparty_sessions.first_row(first_order + ['resolved_by', 'event_name', 'source_id', 'source_type']) }}
            as first_event,
        {{ firstparty_sessions.last_row(first_order + ['event_name']) }} as last_event,
        count(distinct source_id) as source_count
    from events
    group by session_id

),

summarized as (

    select
        aggregated.session_id,
        aggregated.created_at,
        aggregated.updated_at,
        {{ firstparty_sessions.first_row_field('aggregated.first_profile', 'profile_id') }} as profile_id,
        aggregated.event_count,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'resolved_by') }} as created_by,
        source_type_lists.source_types,
        aggregated.source_count > 1 as is_cross_source,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'event_id') }} as first_event_id,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'event_name') }} as first_event_name,
        {{ firstparty_sessions.first_row_field('aggregated.last_event', 'event_name') }} as last_event_name,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'source_id') }} as first_source_id,
        {{ firstparty_sessions.first_row_field('aggregated.first_event', 'source_type') }} as first_source_type,
        aggregated.source_count
    from aggregated
    left join source_type_lists
        on aggregated.session_id = source_type_lists.session_id
    {%- if is_incremental() %}

    union all

    {#- Touched sessions left without events (all theirs moved elsewhere). #}
    select
        touched_sessions.session_id,
        null as created_at,
        null as updated_at,
        null as profile_id,
        0 as event_count,
        null as created_by,
        null as source_types,
        null as is_cross_source,
        null as first_event_id,
        null as first_event_name,
        null as last_event_name,
        null as first_source_id,
        null as first_source_type,
        0 as source_count
    from touched_sessions
    left join aggregated
        on touched_sessions.session_id = aggregated.session_id
    where aggregated.session_id is null
    {%- endif %}

),

{% if is_incremental() -%}
stored as (

    {{ firstparty_sessions.stored_rows(
        'session_id', 'select touched_sessions.session_id from touched_sessions',
        ['session_id', 'created_at', 'previous_created_at', 'run_seq'], by_address=false
    ) }}

),

{% endif -%}
final as (

    select
        summarized.*,
        {{ firstparty_sessions.value_after_last_completed_run(
            'stored', 'created_at', 'previous_created_at', run_seq, dbt.type_timestamp()
        ) }} as previous_created_at,
        {{ firstparty_sessions.stored_row_columns(run_seq) }}
    from summarized
    {%- if is_incremental() %}
    left join stored
        on summarized.session_id = stored.session_id
    {%- endif %}

)

{{ firstparty_sessions.state_rows('final', 'session_id') }}
