{#- Strict mode's establishment rule, for one event: the session ID the event
    establishes, or null. A valid fsid cookie establishes its ID; an event with neither a
    format-valid payload ID nor a valid cookie establishes its minted ID.
    payload_session_status may be format-level or strict-level ('unknown' is format-valid),
    so the rule reads the same from deduplicated events and from event_sessions rows
    (where minted_session_id is the stored session_id). docs/rules.md, Resolution. -#}
{% macro established_session_id(payload_session_status, cookie_session_status, cookie_session_id, minted_session_id) -%}
    case
        when {{ cookie_session_status }} = 'valid' then {{ cookie_session_id }}
        when {{ payload_session_status }} not in ('valid', 'unknown') then {{ minted_session_id }}
    end
{%- endmacro %}
