{#- Regular expressions, written once in the syntax RE2 (DuckDB) and Java (Spark) share.
    Patterns are anchored with ^ and \z (never $: in Java $ also matches before a final
    line terminator). -#}

{% macro regex_literal(pattern) -%}
    {{ return(adapter.dispatch('regex_literal', 'firstparty_sessions')(pattern)) }}
{%- endmacro %}

{% macro default__regex_literal(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__regex_literal(pattern) -%}
    {#- Spark SQL string literals process backslash escapes: double them. -#}
    '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}


{#- The text of capture group `group` of the first (leftmost) match, or '' when there is
    no match; null when expr is null. -#}
{% macro regex_extract(expr, pattern, group) -%}
    {{ return(adapter.dispatch('regex_extract', 'firstparty_sessions')(expr, pattern, group)) }}
{%- endmacro %}

{% macro default__regex_extract(expr, pattern, group) -%}
    regexp_extract({{ expr }}, {{ firstparty_sessions.regex_literal(pattern) }}, {{ group }})
{%- endmacro %}


{#- True when pattern matches somewhere in expr (anchor it for a full match). -#}
{% macro regex_search(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_search', 'firstparty_sessions')(expr, pattern)) }}
{%- endmacro %}

{% macro duckdb__regex_search(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ firstparty_sessions.regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regex_search(expr, pattern) -%}
    ({{ expr }} rlike {{ firstparty_sessions.regex_literal(pattern) }})
{%- endmacro %}
