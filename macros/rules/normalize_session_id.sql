{#- The validity rule. A candidate session ID, trimmed of white space, is a UUID in any
    letter case: returns it lowercased, else null.
    Mirror: firstparty_sessions.validation.normalize_session_id (Python). -#}
{% macro normalize_session_id(expr) -%}
    {%- set ws = firstparty_sessions.whitespace_class() -%}
    {%- set pattern = '^' ~ ws ~ '*(' ~ firstparty_sessions.uuid_pattern() ~ ')' ~ ws ~ '*\\z' -%}
    lower(nullif({{ firstparty_sessions.regex_extract(expr, pattern, 1) }}, ''))
{%- endmacro %}
