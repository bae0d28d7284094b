{#- The cookie rule: the first cookie named exactly `fsid` whose value (white space
    trimmed, then one pair of double quotes removed) is a valid session ID.
    Mirror: firstparty_sessions.cookies.fsid_from_cookie_header (Python). -#}

{#- A cookie part: starts the header or follows a `;`, then its name and `=`. -#}
{% macro fsid_cookie_start() -%}
    (?:^|;){{ firstparty_sessions.whitespace_class() }}*fsid{{ firstparty_sessions.whitespace_class() }}*=
{%- endmacro %}


{#- The winning fsid value, lowercased, or null. One leftmost match of the whole cookie
    part (a quoted or a bare value); the match runs to the end of its cookie part, so an
    invalid fsid never matches and the first valid one is the leftmost match. Its one
    group is the value with its quotes, if any, which are then removed (one regex: a
    second search for the UUID inside the match cost 0.1 s more per 1M rows). -#}
{% macro cookie_session_id(header) -%}
    {%- set ws = firstparty_sessions.whitespace_class() -%}
    {%- set uuid = firstparty_sessions.uuid_pattern() -%}
    {%- set pattern = firstparty_sessions.fsid_cookie_start() ~ ws ~ '*("' ~ uuid ~ '"|' ~ uuid ~ ')' ~ ws ~ '*(?:;|\\z)' -%}
    lower(nullif(replace({{ firstparty_sessions.regex_extract(header, pattern, 1) }}, '"', ''), ''))
{%- endmacro %}


{#- valid / malformed (some fsid cookie, none valid) / absent, given the header and the
    result of cookie_session_id on it. -#}
{% macro cookie_session_status(header, cookie_session_id) -%}
    case
        when {{ cookie_session_id }} is not null then 'valid'
        when {{ firstparty_sessions.regex_search(header, firstparty_sessions.fsid_cookie_start()) }}
            then 'malformed'
        else 'absent'
    end
{%- endmacro %}
