{#- What a run is built with, recorded after each run in int_runs__manifest and compared,
    before anything runs, with what the tables were built with (README.md, "Scheduled
    runs"). -#}

{#- The version of the rules. Bump it in a change that gives existing raw rows other
    outputs: a scheduled run then refuses to mix old and new rows until --full-refresh. -#}
{% macro rule_version() -%}
    {{ return('2026-12-01.2') }}
{%- endmacro %}


{#- Where the raw rows come from, as one line of text: the demo seed, a file path, or a
    table (database.schema.table). -#}
{% macro raw_events_input_name() -%}
    {%- if var('raw_events_path', none) -%}
        {{ return("file '" ~ var('raw_events_path') ~ "'") }}
    {%- elif var('raw_events_table', none) -%}
        {{ return("table " ~ source('firstparty', 'raw_events')) }}
    {%- else -%}
        {{ return("the demo seed raw_events") }}
    {%- endif -%}
{%- endmacro %}


{#- This run's configuration: the settings a scheduled run must share with the tables. -#}
{% macro run_configuration() -%}
    {{ return({
        'raw_events_input': firstparty_sessions.raw_events_input_name(),
        'load_column': firstparty_sessions.load_column() or '(none)',
        'session_id_validation': 'known' if firstparty_sessions.is_strict_mode() else 'format',
        'rule_version': firstparty_sessions.rule_version(),
    }) }}
{%- endmacro %}


{#- The --vars of this run that choose the input and the mode, as a command-line value. -#}
{% macro run_vars_argument() -%}
    {%- set parts = [] -%}
    {%- for name in ['raw_events_path', 'raw_events_database', 'raw_events_schema', 'raw_events_table', 'raw_events_load_column'] -%}
        {%- if var(name, none) -%}
            {%- do parts.append(name ~ ": " ~ var(name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if firstparty_sessions.is_strict_mode() -%}
        {%- do parts.append("session_id_validation: known") -%}
    {%- endif -%}
    {{ return(" --vars '{" ~ (parts | join(', ')) ~ "}'" if parts else "") }}
{%- endmacro %}


{#- on-run-start: fails, in one line and before anything is written, a run of the models
    whose configuration differs from the one the tables were last built with (the latest
    row of int_runs__manifest), naming what changed and the command that rebuilds.
    Nothing to compare on --full-refresh, before the first run, or in a command that
    writes no model (test, compile, docs, ...). -#}
{% macro assert_run_matches_state() -%}
    {%- if execute and not flags.FULL_REFRESH and flags.WHICH in ['run', 'build'] -%}
        {%- set node = graph.nodes.get('model.firstparty_sessions.int_runs__manifest') -%}
        {%- set stored = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- if stored is not none -%}
            {%- set latest -%}
                select raw_events_input, load_column, session_id_validation, rule_version
                from {{ stored }}
                order by run_started_at desc
                limit 1
            {%- endset -%}
            {%- set rows = run_query(latest).rows -%}
            {%- set current = firstparty_sessions.run_configuration() -%}
            {%- if rows | length > 0 -%}
                {%- set changes = [] -%}
                {%- for name in ['raw_events_input', 'load_column', 'session_id_validation', 'rule_version'] -%}
                    {%- if rows[0][name] != current[name] -%}
                        {%- do changes.append(name ~ " is " ~ current[name] ~ ", the tables were built with " ~ rows[0][name]) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- if changes -%}
                    {{ exceptions.raise_compiler_error(
                        "firstparty: refusing to mix runs: " ~ (changes | join('; '))
                        ~ ". To rebuild every table from this input and mode: dbt build --full-refresh"
                        ~ firstparty_sessions.run_vars_argument()
                    ) }}
                {%- endif -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- on-run-end: records a completed run in int_runs__manifest, when every model that keeps
    run state succeeded in this invocation. Until then the run's number stays open: the
    next run takes over what this one stamped (crash safety). -#}
{% macro record_completed_run(results) -%}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set state_models = [
            'int_runs__manifest', 'int_raw_rows__units', 'int_raw_rows__this_run',
            'int_events__deduplicated', 'int_sessions__established', 'int_events__resolved',
            'int_sessions__aggregated', 'rejected_events',
        ] -%}
        {%- set succeeded = [] -%}
        {%- for result in results -%}
            {%- if result.node.resource_type == 'model' and result.status == 'success' -%}
                {%- do succeeded.append(result.node.name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if state_models | reject('in', succeeded) | list | length == 0 -%}
            {%- set node = graph.nodes.get('model.firstparty_sessions.int_runs__manifest') -%}
            {%- set manifest = adapter.get_relation(
                database=node.database, schema=node.schema, identifier=node.alias
            ) -%}
            {%- set configuration = firstparty_sessions.run_configuration() -%}
            {%- set insert -%}
                insert into {{ manifest }}
                select
                    {{ firstparty_sessions.this_run_seq(manifest) }},
                    '{{ invocation_id }}',
                    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp),
                    {{ firstparty_sessions.sql_string(configuration['raw_events_input']) }},
                    {{ firstparty_sessions.sql_string(configuration['load_column']) }},
                    '{{ configuration['session_id_validation'] }}',
                    '{{ configuration['rule_version'] }}'
            {%- endset -%}
            {%- do run_query(insert) -%}
            {%- do adapter.commit() if adapter.type() == 'duckdb' -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

