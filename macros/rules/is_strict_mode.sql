{#- True when the project variable session_id_validation is 'known' (strict mode);
    'format' (the default) is the other accepted value. -#}
{% macro is_strict_mode() -%}
    {%- set mode = var('session_id_validation', 'format') -%}
    {%- if mode not in ['format', 'known'] -%}
        {{ exceptions.raise_compiler_error(
            "session_id_validation must be 'format' or 'known', got '" ~ mode ~ "'"
        ) }}
    {%- endif -%}
    {{ return(mode == 'known') }}
{%- endmacro %}
