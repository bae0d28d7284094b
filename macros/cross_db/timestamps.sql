{#- Milliseconds since 1970-01-01 UTC of a UTC timestamp, floored (a bigint). -#}
{% macro epoch_ms(ts) -%}
    {{ return(adapter.dispatch('epoch_ms', 'firstparty_sessions')(ts)) }}
{%- endmacro %}

{% macro default__epoch_ms(ts) -%}
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

{% macro default__text_to_utc_timestamp(text, has_offset) -%}
    case
        when {{ has_offset }}
            then try_cast({{ text }} as timestamptz) at time zone 'UTC'
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro spark__text_to_utc_timestamp(text, has_offset) -%}
    case
        when {{ has_offset }}
            then to_utc_timestamp(try_to_timestamp({{ text }}), 'UTC')
        else try_to_timestamp({{ text }})
    end
{%- endmacro %}
