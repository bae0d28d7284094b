{#- Milliseconds since 1970-01-01 UTC of a UTC timestamp, floored (a bigint). -#}
{% macro epoch_ms(ts) -%}
    {{ return(adapter.dispatch('epoch_ms', 'firstparty_sessions')(ts)) }}
{%- endmacro %}

{% macro duckdb__epoch_ms(ts) -%}
    {#- DuckDB's epoch_ms() rounds to the nearest millisecond: floor the microseconds. -#}
    (epoch_us({{ ts }}) // 1000)
{%- endmacro %}

{% macro spark__epoch_ms(ts) -%}
    unix_millis({{ ts }})
{%- endmacro %}


{#- A non-negative bigint as lowercase hexadecimal, left-padded with zeros to 12 digits. -#}
{% macro hex12(expr) -%}
    lpad(lower(hex({{ expr }})), 12, '0')
{%- endmacro %}


{#- Text that already matched the received_at pattern, as a UTC timestamp:
    with an offset it is converted, without one it is taken as UTC. Null for a date that
    does not exist (2026-02-30). -#}
{% macro text_to_utc_timestamp(text, has_offset) -%}
    {{ return(adapter.dispatch('text_to_utc_timestamp', 'firstparty_sessions')(text, has_offset)) }}
{%- endmacro %}

{% macro duckdb__text_to_utc_timestamp(text, has_offset) -%}
    case
        when {{ has_offset }}
            then try_cast({{ text }} as timestamptz) at time zone 'UTC'
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro spark__text_to_utc_timestamp(text, has_offset) -%}
    {#- try_to_timestamp refuses some accepted forms (12:00Z, without seconds): the parts
        are read from the text and assembled with try_make_timestamp (null for 2026-02-30),
        in UTC (the profile's session time zone); an offset is then subtracted. -#}
    {%- set fields = '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,9}))?)?)?' -%}
    {%- set offset = '([+-])([0-9]{2}):?([0-9]{2})?\\z' -%}
    {%- set part = {} -%}
    {%- for group in range(1, 8) -%}
        {%- do part.update({group: firstparty_sessions.regex_extract(text, fields, group)}) -%}
    {%- endfor -%}
    {%- set sign = firstparty_sessions.regex_extract(text, offset, 1) -%}
    {%- set offset_hours = firstparty_sessions.regex_extract(text, offset, 2) -%}
    {%- set offset_minutes = firstparty_sessions.regex_extract(text, offset, 3) -%}
    {%- set local_time -%}
        try_make_timestamp(
            cast({{ part[1] }} as int), cast({{ part[2] }} as int), cast({{ part[3] }} as int),
            coalesce(cast(nullif({{ part[4] }}, '') as int), 0),
            coalesce(cast(nullif({{ part[5] }}, '') as int), 0),
            cast(concat(
                coalesce(nullif({{ part[6] }}, ''), '00'), '.', rpad(substr({{ part[7] }}, 1, 6), 6, '0')
            ) as decimal(8, 6))
        )
    {%- endset -%}
    case
        when {{ has_offset }} and {{ sign }} <> ''
            then {{ local_time }} - make_dt_interval(
                0, 0,
                (case when {{ sign }} = '-' then -1 else 1 end) * (
                    cast({{ offset_hours }} as int) * 60
                    + coalesce(cast(nullif({{ offset_minutes }}, '') as int), 0)
                ),
                0
            )
        else {{ local_time }}
    end
{%- endmacro %}
