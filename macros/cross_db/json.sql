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
    {{ firstparty_sessions.json_type_name_kind(json_type) }}
{%- endmacro %}

{#- A json_type() name (OBJECT, VARCHAR, BIGINT, ...) as a kind: object, string, number, ... -#}
{% macro json_type_name_kind(json_type) -%}
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


{#- Several top-level keys of the same JSON text, read together: `json_fields(expr, keys)`
    gives an engine-specific value from which `json_field_kind(fields, keys, key)` and
    `json_field_string(fields, keys, key)` give exactly what `json_kind(expr, key)` and
    `json_string(expr, key)` give. The default reads the text again for every key; DuckDB
    parses it once (one multi-path json_extract) and then reads only the small values. -#}
{% macro json_fields(expr, keys) -%}
    {{ return(adapter.dispatch('json_fields', 'firstparty_sessions')(expr, keys)) }}
{%- endmacro %}

{% macro default__json_fields(expr, keys) -%}
    {{ expr }}
{%- endmacro %}

{% macro duckdb__json_fields(expr, keys) -%}
    {#- A list of the keys' JSON values (null when absent); json_extract raises on invalid
        text, so only valid text reaches it. -#}
    json_extract(
        case when json_valid({{ expr }}) then {{ expr }} end,
        [{% for key in keys %}'$.{{ key }}'{{ ', ' if not loop.last }}{% endfor %}]
    )
{%- endmacro %}


{% macro json_field_kind(fields, keys, key) -%}
    {{ return(adapter.dispatch('json_field_kind', 'firstparty_sessions')(fields, keys, key)) }}
{%- endmacro %}

{% macro default__json_field_kind(fields, keys, key) -%}
    {{ firstparty_sessions.json_kind(fields, key) }}
{%- endmacro %}

{% macro duckdb__json_field_kind(fields, keys, key) -%}
    {#- The extracted value is itself valid JSON text: its own top-level type. -#}
    {{ firstparty_sessions.json_type_name_kind(
        'json_type(' ~ fields ~ '[' ~ (keys.index(key) + 1) ~ '])'
    ) }}
{%- endmacro %}


{% macro json_field_string(fields, keys, key) -%}
    {{ return(adapter.dispatch('json_field_string', 'firstparty_sessions')(fields, keys, key)) }}
{%- endmacro %}

{% macro default__json_field_string(fields, keys, key) -%}
    {{ firstparty_sessions.json_string(fields, key) }}
{%- endmacro %}

{% macro duckdb__json_field_string(fields, keys, key) -%}
    {%- set value = fields ~ '[' ~ (keys.index(key) + 1) ~ ']' -%}
    case
        when json_type({{ value }}) = 'VARCHAR' then json_extract_string({{ value }}, '$')
    end
{%- endmacro %}
