{#- Each event's session: payload, else fsid cookie, else its minted ID (docs/rules.md).
    In strict mode (var session_id_validation = 'known') a payload ID counts only when the
    session is established (int_sessions__established); otherwise its status is 'unknown'.
    Run state, replaced by event_id; the columns of event_sessions, and the session and
    received_at the event had after the last completed run (previous_session_id, which
    int_sessions__aggregated recomputes too; previous_received_at, whose day
    int_source_days__counted recounts). A run resolves the events its run stamped in
    int_events__deduplicated and, in strict mode, every event naming a session whose
    establishment it changed; nothing cascades (what an event establishes does not depend
    on how it is resolved). -#}
{{ config(**firstparty_sessions.keyed_state_config('event_id', by_stored_row=true)) }}
{%- set run_seq = firstparty_sessions.this_run_seq(ref('int_runs__manifest')) -%}
{%- set strict = firstparty_sessions.is_strict_mode() -%}
{#- Strict mode reads the established sessions; the dependency holds in either mode. #}
-- depends_on: {{ ref('int_sessions__established') }}
{#- Strict mode: a well-formed payload ID counts only when its session is established.
    Format mode: every one counts, nothing to look up (the lookup read to_resolve twice,
    which DuckDB materializes: 2.5 s of 16 at 10M events). #}
{%- set checked_payload_status -%}
    {%- if strict -%}
        case
            when
                to_resolve.payload_session_status = 'valid'
                and not coalesce(established.is_established, false)
                then 'unknown'
            else to_resolve.payload_session_status
        end
    {%- else -%}
        to_resolve.payload_session_status
    {%- endif -%}
{%- endset %}
with

{# Each stored table is read filtered where it is read (a CTE of a whole table read
    twice would be materialized whole first on DuckDB), and joined as the small side. #}
to_resolve as (

    select * from {{ ref('int_events__deduplicated') }}
    where run_seq = {{ run_seq }}
    {%- if strict and is_incremental() %}

    union all

    select * from {{ ref('int_events__deduplicated') }}
    where
        run_seq <> {{ run_seq }}
        and payload_session_id in (
            select changed.session_id from {{ ref('int_sessions__established') }} as changed
            where changed.run_seq = {{ run_seq }}
        )
    {%- endif %}

),

{% if strict -%}
established as (

    select
        session_id,
        is_established
    from {{ ref('int_sessions__established') }}
    where session_id in (select to_resolve.payload_session_id from to_resolve)

),

{% endif -%}
{% if is_incremental() -%}
stored as (

    {{ firstparty_sessions.stored_rows(
        'event_id', 'select to_resolve.event_id from to_resolve',
        ['event_id', 'session_id', 'previous_session_id', 'received_at', 'previous_received_at', 'run_seq']
    ) }}

),

{% endif -%}
payload_checked as (

    select
        to_resolve.event_id,
        to_resolve.received_at,
        to_resolve.source_id,
        to_resolve.source_type,
        to_resolve.profile_id,
        to_resolve.event_name,
        to_resolve.delivery_count,
        to_resolve.payload_session_id,
        to_resolve.cookie_session_status,
        to_resolve.cookie_session_id,
        to_resolve.established_session_id,
        {{ checked_payload_status }} as payload_session_status
    from to_resolve
    {%- if strict %}
    left join established
        on to_resolve.payload_session_id = established.session_id
    {%- endif %}

),

resolved as (

    select
        event_id,
        case
            when payload_session_status = 'valid' then payload_session_id
            when cookie_session_status = 'valid' then cookie_session_id
            {#- Minted: an event with no candidate has its minted ID established already;
                one whose payload ID is unknown (strict mode) mints here. #}
            else coalesce(
                established_session_id,
                {{ firstparty_sessions.mint_session_id('event_id', 'received_at') }}
            )
        end as session_id,
        case
            when payload_session_status = 'valid' then 'payload'
            when cookie_session_status = 'valid' then 'cookie'
            else 'minted'
        end as resolved_by,
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
    from payload_checked

),

final as (

    select
        resolved.*,
        {{ firstparty_sessions.value_after_last_completed_run(
            'stored', 'session_id', 'previous_session_id', run_seq
        ) }} as previous_session_id,
        {{ firstparty_sessions.value_after_last_completed_run(
            'stored', 'received_at', 'previous_received_at', run_seq, dbt.type_timestamp()
        ) }} as previous_received_at,
        {{ firstparty_sessions.stored_row_columns(run_seq) }}
    from resolved
    {%- if is_incremental() %}
    left join stored
        on resolved.event_id = stored.event_id
    {%- endif %}

)

{{ firstparty_sessions.state_rows('final', 'event_id') }}
