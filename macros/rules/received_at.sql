{#- The received_at rule (docs/rules.md): which text is an event time, and its UTC value.
    Mirror: firstparty_sessions.timestamps.parse_received_at (Python). -#}

{% macro received_at_pattern() -%}
    {%- set year = '(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])' -%}
    {%- set hour = '(?:[01][0-9]|2[0-3])' -%}
    {%- set minute = '[0-5][0-9]' -%}
    {%- set offset = '(?:Z|[+-]' ~ hour ~ '(?::?' ~ minute ~ ')?)' -%}
    {%- set time = '[T ]' ~ hour ~ ':' ~ minute ~ '(?::' ~ minute ~ '(?:\\.[0-9]{1,9})?)?' ~ offset ~ '?' -%}
    ^{{ year }}-[0-9]{2}-[0-9]{2}(?:{{ time }})?\z
{%- endmacro %}


{#- The UTC timestamp of received_at text, or null when it is not an event time of the
    accepted form (range is checked separately, by received_at_reject_reason). -#}
{% macro parse_received_at(text) -%}
    {%- set has_offset = firstparty_sessions.regex_search(text, ':[0-9]{2}(?:\\.[0-9]+)?(?:Z|[+-][0-9:]+)\\z') -%}
    case
        when {{ firstparty_sessions.regex_search(text, firstparty_sessions.received_at_pattern()) }}
            then {{ firstparty_sessions.text_to_utc_timestamp(text, has_offset) }}
    end
{%- endmacro %}


{#- Why a raw row cannot be an event, or null when it can. -#}
{% macro reject_reason(event_id, received_at_text, received_at) -%}
    case
        when {{ event_id }} is null
            or {{ firstparty_sessions.regex_search(event_id, '^' ~ firstparty_sessions.whitespace_class() ~ '*\\z') }}
            then 'missing_event_id'
        when {{ received_at_text }} is null or {{ received_at_text }} = '' then 'missing_received_at'
        when {{ received_at }} is null then 'unparseable_received_at'
        when {{ received_at }} < cast('1970-01-01' as timestamp)
            or extract(year from {{ received_at }}) >= 10000
            then 'received_at_out_of_range'
    end
{%- endmacro %}


{#- The rule's fast path for an input whose received_at is already a timestamp of type
    `data_type` (as the input's schema names it): the value parse_received_at gives on the
    engine's text of that value, computed without the text. Years 1 to 9999 print as the
    grammar's four digits, so the value is the event time; a BC, infinite or past-9999 value
    prints otherwise and is null (unparseable), as its text would be. None when the engine
    has no fast path for the type: the staging model then parses the text. -#}
{% macro typed_received_at(value, data_type) -%}
    {{ return(adapter.dispatch('typed_received_at', 'firstparty_sessions')(value, data_type)) }}
{%- endmacro %}

{% macro default__typed_received_at(value, data_type) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__typed_received_at(value, data_type) -%}
    {#- TIMESTAMP is UTC by the contract; TIMESTAMPTZ is an instant, read in UTC. Other
        types (TIMESTAMP_NS, DATE, ...) take the text path. -#}
    {%- set utc = {
        'timestamp': value,
        'timestamp with time zone': '(' ~ value ~ " at time zone 'UTC')",
    }.get((data_type or '') | lower) -%}
    {%- if utc is none -%}{{ return(none) }}{%- endif -%}
    {%- set fast_path -%}
        case
            when {{ utc }} >= cast('0001-01-01' as timestamp)
                and {{ utc }} < cast('10000-01-01' as timestamp)
                then {{ utc }}
        end
    {%- endset -%}
    {{ return(fast_path) }}
{%- endmacro %}
