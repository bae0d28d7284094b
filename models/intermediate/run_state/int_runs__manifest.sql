{#- One row per completed run of the models, written after the three marts: when it
    started, what it was built with (input, mode, rule version) and the marts' sizes after
    it. Before anything runs, a run compares its own configuration with the latest row and
    refuses, in one line, to mix a different one into the tables (on-run-start, macro
    assert_run_matches_state); --full-refresh starts the manifest anew. -#}
{{ config(materialized='incremental') }}
{%- set configuration = firstparty_sessions.run_configuration() -%}
with

event_counts as (

    select
        count(*) as event_count,
        cast(coalesce(sum(delivery_count), 0) as {{ dbt.type_bigint() }}) as delivery_count
    from {{ ref('event_sessions') }}

),

session_counts as (

    select count(*) as session_count
    from {{ ref('sessions') }}

),

reject_counts as (

    select count(*) as reject_count
    from {{ ref('rejected_events') }}

),

this_run as (

    select
        '{{ invocation_id }}' as run_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as run_started_at,
        '{{ configuration["raw_events_input"] | replace("'", "''") }}' as raw_events_input,
        '{{ configuration["session_id_validation"] }}' as session_id_validation,
        '{{ configuration["rule_version"] }}' as rule_version,
        event_counts.event_count,
        event_counts.delivery_count,
        session_counts.session_count,
        reject_counts.reject_count
    from event_counts
    cross join session_counts
    cross join reject_counts

)

select * from this_run
