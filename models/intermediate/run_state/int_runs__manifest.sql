{#- The root of the run state: one row per completed run of the models (its number, when
    it started, and what it was built with: input, load column, mode, rule version).
    Models read it to number their run (macro this_run_seq); the on-run-end hook
    record_completed_run appends the row once every state model of the run succeeded;
    the on-run-start hook assert_run_matches_state refuses a run whose configuration
    differs from the latest row. --full-refresh starts it anew (empty). -#}
{{ config(materialized='incremental') }}
with

no_run as (

    select
        cast(null as {{ dbt.type_bigint() }}) as run_seq,
        cast(null as {{ dbt.type_string() }}) as run_id,
        cast(null as {{ dbt.type_timestamp() }}) as run_started_at,
        cast(null as {{ dbt.type_string() }}) as raw_events_input,
        cast(null as {{ dbt.type_string() }}) as load_column,
        cast(null as {{ dbt.type_string() }}) as session_id_validation,
        cast(null as {{ dbt.type_string() }}) as rule_version

)

select * from no_run
where run_seq is not null
