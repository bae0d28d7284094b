{#- Strict mode's established sessions (docs/rules.md): every session ID some event
    establishes (int_events__deduplicated.established_session_id), with whether it is
    established now. Run state, replaced by session_id: a run re-checks the sessions its
    events establish now or established after the last completed run, and those a stopped
    run re-checked; the ones whose state changed are stamped with its number, so that
    int_events__resolved re-resolves the events naming them. Nothing in format mode. -#}
{{ config(**firstparty_sessions.keyed_state_config('session_id', by_stored_row=true)) }}
{%- set run_seq = firstparty_sessions.this_run_seq(ref('int_runs__manifest')) -%}
with

candidates as (

    {{ firstparty_sessions.touched_session_ids(
        ref('int_events__deduplicated'), 'established_session_id', 'previous_established_session_id', run_seq
    ) }}

),

established_now as (

    select distinct established_session_id as session_id
    from {{ ref('int_events__deduplicated') }}
    where established_session_id in (select candidates.session_id from candidates)

),

{% if is_incremental() -%}
stored as (

    {{ firstparty_sessions.stored_rows(
        'session_id', 'select candidates.session_id from candidates', ['session_id', 'is_established']
    ) }}

),

{% endif -%}
checked as (

    select
        candidates.session_id,
        established_now.session_id is not null as is_established
    from candidates
    left join established_now
        on candidates.session_id = established_now.session_id
    {#- Format mode establishes nothing (the table stays empty). #}
    where {{ 'true' if firstparty_sessions.is_strict_mode() else 'false' }}

),

final as (

    select
        checked.session_id,
        checked.is_established,
        {{ firstparty_sessions.stored_row_columns(run_seq) }}
    from checked
    {%- if is_incremental() %}
    left join stored
        on checked.session_id = stored.session_id
    where
        (stored.session_id is null and checked.is_established)
        or stored.is_established <> checked.is_established
    {%- endif %}

)

{{ firstparty_sessions.state_rows('final', 'session_id') }}
