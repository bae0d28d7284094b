{#- JSON reading, engine-neutral. `kind` is one of object, array, string, number, boolean,
    null; it is null when the text is not JSON or the key is absent (or the top level is
    not an object). See docs/rules.md for what counts as JSON. -#}

{% macro json_is_valid(expr) -%}
    {{ return(adapter.dispatch('json_is_valid', 'firstparty_sessions')(expr)) }}
{%- endmacro %}

{% macro default__json_is_valid(expr) -%}
    coalesce(json_valid({{ expr }}), false)
{%- endmacro %}


{% macro json_kind(expr, key=none) -%}
    {{ return(adapter.dispatch('json_kind', 'firstparty_sessions')(expr, key)) }}
{%- endmacro %}

{% macro default__json_kind(expr, key=none) -%}
    {#- json_type raises on invalid text: only valid text reaches it. -#}
    {%- set guarded = 'case when json_valid(' ~ expr ~ ') then ' ~ expr ~ ' end' -%}
    {%- set json_type -%}
        {%- if key is none -%}json_type({{ guarded }})
        {%- else -%}json_type({{ guarded }}, '$.{{ key }}')
        {%- endif -%}
    {%- endset -%}
    case {{ json_type }}
        when 'OBJECT' then 'object'
        when 'ARRAY' then 'array'
        when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'NULL' then 'null'
        when 'BIGINT' then 'number'
        when 'UBIGINT' then 'number'
        when 'DOUBLE' then 'number'
    end
{%- endmacro %}


{#- The top-level key's value when it is a JSON string (decoded), else null. -#}
{% macro json_string(expr, key) -%}
    {{ return(adapter.dispatch('json_string', 'firstparty_sessions')(expr, key)) }}
{%- endmacro %}

{% macro default__json_string(expr, key) -%}
    case
        when {{ firstparty_sessions.json_kind(expr, key) }} = 'string'
            then json_extract_string({{ expr }}, '$.{{ key }}')
    end
{%- endmacro %}
