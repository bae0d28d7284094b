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
    run over the events whose raw rows changed. Unit tests are full rebuilds unless they override this. -#}
{% macro is_full_rebuild() -%}
    {%- if flags.FULL_REFRESH -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if model is mapping and model.get('resource_type') == 'unit_test' -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(firstparty_sessions.previous_event_sessions() is none) }}
{%- endmacro %}
