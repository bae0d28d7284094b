{#- The two regex fragments the session-ID rules are written with (docs/rules.md). -#}

{#- White space: exactly space, \t, \n, \r, vertical tab, form feed. -#}
{% macro whitespace_class() -%}
    [ \t\n\r\x0B\x0C]
{%- endmacro %}

{#- A UUID in any letter case: 8-4-4-4-12 ASCII hex digits. -#}
{% macro uuid_pattern() -%}
    [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}
{%- endmacro %}
