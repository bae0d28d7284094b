{#- Scheduled (incremental) runs: how a run finds its previous state and its window.
    README.md "Scheduled runs" describes the whole mechanism. -#}

{#- The relation event_sessions was last written to, or none when it does not exist yet.
    Models upstream of event_sessions read its PREVIOUS state through this macro (a ref
    would be a cycle). Unit tests override it with a SQL subquery. -#}
{% macro previous_event_sessions() -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.firstparty_sessions.event_sessions') -%}
    {{ return(adapter.get_relation(
        database=node.database, schema=node.schema, identifier=node.alias
    )) }}
{%- endmacro %}


{#- True when this run resolves every event from scratch: on --full-refresh, or when
    event_sessions does not exist yet (the first run). Otherwise the run is a scheduled
    run over the landing window. Unit tests are full rebuilds unless they override this. -#}
{% macro is_full_rebuild() -%}
    {%- if flags.FULL_REFRESH -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if model is mapping and model.get('resource_type') == 'unit_test' -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(firstparty_sessions.previous_event_sessions() is none) }}
{%- endmacro %}


{#- The var late_arrival_hours: how far (in hours) before the latest received_at already
    processed a row may land and still be picked up by a scheduled run. -#}
{% macro late_arrival_hours() -%}
    {%- set hours = var('late_arrival_hours', 48) -%}
    {%- if hours is not number or hours < 0 or hours != (hours | int) -%}
        {{ exceptions.raise_compiler_error(
            "late_arrival_hours must be a non-negative whole number of hours, got '" ~ hours ~ "'"
        ) }}
    {%- endif -%}
    {{ return(hours | int) }}
{%- endmacro %}


{#- True for a received_at inside the landing window of a scheduled run: at or after
    (latest received_at in the previous event_sessions) - late_arrival_hours. Every row
    is inside when the previous event_sessions is empty. -#}
{% macro in_landing_window(received_at, previous) -%}
    coalesce(
        {{ received_at }} >= (
            select {{ dbt.dateadd('hour', -1 * firstparty_sessions.late_arrival_hours(), 'max(received_at)') }}
            from {{ previous }}
        ),
        true
    )
{%- endmacro %}
