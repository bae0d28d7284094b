{#- One row per event: its first delivery (macro delivery_order), how many accepted
    deliveries it had, and the session it establishes (strict mode's rule, macro
    established_session_id: also its minted ID when it has neither a well-formed payload
    ID nor a valid cookie). Run state, replaced by event_id: a run writes the events of its
    raw rows (int_raw_rows__this_run), stamped with its number.
    With a load column, a run folds its new deliveries into the stored event: the stored
    first delivery competes with them and the counts add up; a delivery whose load the
    event already holds (loaded_through) is not counted again, so a run that takes over a
    stopped one counts nothing twice. Without a load column, this run's rows are all the
    rows of their events, and each event is computed from them anew. -#}
{{ config(**firstparty_sessions.keyed_state_config('event_id', by_stored_row=true)) }}
{%- set run_seq = firstparty_sessions.this_run_seq(ref('int_runs__manifest')) -%}
{%- set by_load = firstparty_sessions.load_column() is not none -%}
{%- set folds = is_incremental() and by_load -%}
{#- Without a load column there is no load to remember. -#}
{%- set no_load = 'cast(null as ' ~ dbt.type_bigint() ~ ')' -%}
{%- set event_columns = [
    'received_at', 'source_id', 'source_type', 'profile_id', 'event_name',
    'payload_session_status', 'payload_session_id', 'cookie_session_status', 'cookie_session_id',
] -%}
with

this_run_rows as (

    select
        event_id,
        {{ event_columns | join(',\n        ') }},
        1 as delivery_count,
        load_order
    from {{ ref('int_raw_rows__this_run') }}
    where reject_reason is null

),

{% if is_incremental() -%}
stored as (

    {{ firstparty_sessions.stored_rows('event_id', 'select this_run_rows.event_id from this_run_rows') }}

),

{% endif -%}
deliveries as (

    select this_run_rows.*
    from this_run_rows
    {%- if folds %}
    left join stored
        on this_run_rows.event_id = stored.event_id
    where
        stored.event_id is null
        or this_run_rows.load_order > stored.loaded_through

    union all

    select
        event_id,
        {{ event_columns | join(',\n        ') }},
        delivery_count,
        loaded_through as load_order
    from stored
    {%- endif %}

),

{# Most events have one delivery, which is its own first: only the deliveries of events
    with several go through the window's sort (a full build's largest: 21 -> 17 s at 10M
    events, 0.95 -> 0.77 s at 1M). #}
repeated_events as (

    select event_id
    from deliveries
    group by event_id
    having count(*) > 1

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id order by {{ firstparty_sessions.delivery_order() }}
        ) as delivery_rank,
        {#- Without a fold every delivery counts 1: the cheaper window. #}
        {{ 'sum(delivery_count)' if folds else 'count(*)' }} over (partition by event_id) as total_delivery_count,
        {{ 'max(load_order) over (partition by event_id)' if by_load else no_load }} as loaded_through
    from deliveries
    where event_id in (select repeated_events.event_id from repeated_events)

    union all

    select
        *,
        1 as delivery_rank,
        delivery_count as total_delivery_count,
        {{ 'load_order' if by_load else no_load }} as loaded_through
    from deliveries
    where event_id not in (select repeated_events.event_id from repeated_events)

),

first_deliveries as (

    select
        event_id,
        {{ event_columns | join(',\n        ') }},
        total_delivery_count as delivery_count,
        loaded_through
    from ranked
    where delivery_rank = 1

),

{# The MD5 of the ID rule, once per event that mints (the ID uses it four times). #}
mint_hashed as (

    select
        *,
        case
            when {{ firstparty_sessions.has_no_session_candidate('payload_session_status', 'cookie_session_status') }}
                then {{ firstparty_sessions.mint_hash('event_id') }}
        end as mint_hash
    from first_deliveries

),

final as (

    select
        mint_hashed.event_id,
        mint_hashed.{{ event_columns | join(',\n        mint_hashed.') }},
        cast(mint_hashed.delivery_count as {{ dbt.type_bigint() }}) as delivery_count,
        mint_hashed.loaded_through,
        {{ firstparty_sessions.established_session_id(
            'mint_hashed.payload_session_status',
            'mint_hashed.cookie_session_status',
            'mint_hashed.cookie_session_id',
            firstparty_sessions.mint_session_id('mint_hashed.event_id', 'mint_hashed.received_at', hash='mint_hashed.mint_hash')
        ) }} as established_session_id,
        {#- The session it established as of the last completed run: what strict mode's
            established sessions must be checked against (int_sessions__established). #}
        {{ firstparty_sessions.value_after_last_completed_run(
            'stored', 'established_session_id', 'previous_established_session_id', run_seq
        ) }} as previous_established_session_id,
        {{ firstparty_sessions.stored_row_columns(run_seq) }}
    from mint_hashed
    {%- if is_incremental() %}
    left join stored
        on mint_hashed.event_id = stored.event_id
    {%- endif %}

)

{{ firstparty_sessions.state_rows('final', 'event_id') }}
