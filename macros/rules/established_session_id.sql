{#- True for an event with no session candidate of its own: neither a well-formed payload
    ID nor a valid fsid cookie. Such an event mints, and (strict mode) establishes its
    minted ID. payload_session_status may be format-level or strict-level ('unknown' is
    well-formed). -#}
{% macro has_no_session_candidate(payload_session_status, cookie_session_status) -%}
    ({{ cookie_session_status }} <> 'valid' and {{ payload_session_status }} not in ('valid', 'unknown'))
{%- endmacro %}


{#- Strict mode's establishment rule, for one event: the session ID the event
    establishes, or null. A valid fsid cookie establishes its ID; an event with no session
    candidate establishes its minted ID. docs/rules.md, Resolution. -#}
{% macro established_session_id(payload_session_status, cookie_session_status, cookie_session_id, minted_session_id) -%}
    case
        when {{ cookie_session_status }} = 'valid' then {{ cookie_session_id }}
        when {{ firstparty_sessions.has_no_session_candidate(payload_session_status, cookie_session_status) }}
            then {{ minted_session_id }}
    end
{%- endmacro %}
