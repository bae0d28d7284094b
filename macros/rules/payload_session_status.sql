{#- Why the payload's session_id can or cannot be used, at the format level (strict mode
    adds `unknown` later). The arguments are columns computed by the staging model.
    Mirror: firstparty_sessions.payload.read_payload (Python). -#}
{% macro payload_session_status(payload, payload_kind, session_id_kind, normalized_session_id) -%}
    case
        when {{ payload }} is null or {{ payload }} = '' then 'no_payload'
        when {{ payload_kind }} is null then 'invalid_json'
        when {{ payload_kind }} <> 'object' then 'not_an_object'
        when {{ session_id_kind }} is null then 'absent'
        when {{ session_id_kind }} = 'null' then 'null'
        when {{ session_id_kind }} <> 'string' then 'not_a_string'
        when {{ normalized_session_id }} is null then 'malformed'
        else 'valid'
    end
{%- endmacro %}
