{#- One row per raw row, typed. The Cookie header is reduced here to its fsid session
    (the only cookie allowed past the raw layer) and never selected further.
    The payload is parsed for its type and, once more, for its three keys together
    (json_fields); the keys' values are then read from those small parts (docs/performance.md).
    received_at is read by the rule from its text, or, where the input gives a timestamp
    column, by the rule's typed fast path (the same value, without the text round trip). -#}
{%- set payload_keys = ['session_id', 'profile_id', 'event'] %}
{%- set typed_received_at = firstparty_sessions.typed_received_at(
    'received_at_value', firstparty_sessions.raw_received_at_type()
) %}
with

source as (

    select * from {{ firstparty_sessions.raw_events_relation() }}

),

as_text as (

    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(source_id as {{ dbt.type_string() }}) as source_id,
        cast(source_type as {{ dbt.type_string() }}) as source_type,
        cast(received_at as {{ dbt.type_string() }}) as received_at_text,
        {%- if typed_received_at %}
        received_at as received_at_value,
        {%- endif %}
        cast(payload as {{ dbt.type_string() }}) as payload,
        cast(cookie as {{ dbt.type_string() }}) as cookie,
        {{ firstparty_sessions.load_column() or ('cast(null as ' ~ dbt.type_string() ~ ')') }} as load_marker
    from source

),

received_at_read as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text,
        {{ typed_received_at or firstparty_sessions.parse_received_at('received_at_text') }} as received_at,
        payload,
        cookie,
        load_marker
    from as_text

),

cookie_reduced as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text,
        received_at,
        payload,
        cookie,
        load_marker,
        {{ firstparty_sessions.cookie_session_id('cookie') }} as cookie_session_id
    from received_at_read

),

payload_read as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text,
        received_at,
        payload,
        load_marker,
        cookie_session_id,
        {{ firstparty_sessions.cookie_session_status('cookie', 'cookie_session_id') }}
            as cookie_session_status,
        {{ firstparty_sessions.json_kind('payload') }} as payload_kind,
        {{ firstparty_sessions.json_fields('payload', payload_keys) }} as payload_fields
    from cookie_reduced

),

payload_fields_read as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text,
        received_at,
        payload,
        load_marker,
        cookie_session_id,
        cookie_session_status,
        payload_kind,
        {{ firstparty_sessions.json_field_kind('payload_fields', payload_keys, 'session_id') }}
            as session_id_kind,
        {{ firstparty_sessions.normalize_session_id(
            firstparty_sessions.json_field_string('payload_fields', payload_keys, 'session_id')
        ) }} as normalized_session_id,
        nullif(
            {{ firstparty_sessions.json_field_string('payload_fields', payload_keys, 'profile_id') }},
            ''
        ) as profile_id,
        nullif(
            {{ firstparty_sessions.json_field_string('payload_fields', payload_keys, 'event') }}, ''
        ) as event_name
    from payload_read

),

final as (

    select
        event_id,
        source_id,
        source_type,
        received_at_text,
        received_at,
        payload,
        {{ firstparty_sessions.payload_session_status(
            'payload', 'payload_kind', 'session_id_kind', 'normalized_session_id'
        ) }} as payload_session_status,
        case
            when session_id_kind = 'string' then normalized_session_id
        end as payload_session_id,
        profile_id,
        event_name,
        cookie_session_id,
        cookie_session_status,
        load_marker
    from payload_fields_read

)

select * from final
