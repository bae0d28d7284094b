{#- Deduplication's order (docs/rules.md, Deduplication): the first delivery of an event is
    the first by received_at, then by what the delivery says (source, payload candidate,
    profile, event name, cookie candidate), each ascending, nulls first. Deliveries equal
    on all of these give the same outputs, so which one wins does not matter; and the
    order reads only what an event's state keeps, so a scheduled run can compare a stored
    first delivery with new ones. Mirror: firstparty_sessions.reference (Python). -#}
{% macro delivery_order() -%}
    received_at,
    source_id nulls first,
    source_type nulls first,
    payload_session_status,
    payload_session_id nulls first,
    profile_id nulls first,
    event_name nulls first,
    cookie_session_status,
    cookie_session_id nulls first
{%- endmacro %}
