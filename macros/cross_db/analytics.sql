{#- Cross-engine helpers of the analysts' columns (marts/sessions, marts/daily_source_health). -#}

{#- Seconds from one timestamp to a later one, to the microsecond (a double). -#}
{% macro seconds_between(start, end) -%}
    {{ return(adapter.dispatch('seconds_between', 'firstparty_sessions')(start, end)) }}
{%- endmacro %}

{% macro default__seconds_between(start, end) -%}
    cast({{ dbt.datediff(start, end, 'microsecond') }} as {{ dbt.type_float() }}) / 1000000
{%- endmacro %}

{% macro duckdb__seconds_between(start, end) -%}
    cast(epoch_us({{ end }}) - epoch_us({{ start }}) as double) / 1000000
{%- endmacro %}

{% macro spark__seconds_between(start, end) -%}
    cast(unix_micros({{ end }}) - unix_micros({{ start }}) as double) / 1000000
{%- endmacro %}


{#- The var reporting_timezone (an IANA name such as Europe/Berlin; default UTC), checked:
    a value that is not a time zone name stops the run with one line. -#}
{% macro reporting_timezone() -%}
    {%- set zone = var('reporting_timezone', 'UTC') -%}
    {%- if zone is not string or not modules.re.match('^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$', zone) -%}
        {{ exceptions.raise_compiler_error(
            "firstparty: reporting_timezone " ~ (zone | string) ~ " is not a time zone name; "
            ~ "use an IANA name such as UTC, Europe/Berlin or America/New_York"
        ) }}
    {%- endif -%}
    {{ return(zone) }}
{%- endmacro %}


{#- The date of a UTC timestamp in the reporting time zone (var reporting_timezone). -#}
{% macro reporting_date(ts) -%}
    {%- set zone = firstparty_sessions.reporting_timezone() -%}
    {%- if zone == 'UTC' -%}
        cast({{ ts }} as date)
    {%- else -%}
        {{ return(adapter.dispatch('reporting_date', 'firstparty_sessions')(ts, zone)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__reporting_date(ts, zone) -%}
    {{ exceptions.raise_compiler_error(
        "firstparty: reporting_timezone " ~ zone ~ " is not supported on " ~ target.type ~ "; use UTC"
    ) }}
{%- endmacro %}

{% macro duckdb__reporting_date(ts, zone) -%}
    {%- if execute -%}
        {%- set known = run_query("select count(*) from pg_timezone_names() where name = '" ~ zone ~ "'") -%}
        {%- if known.columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "firstparty: reporting_timezone " ~ zone ~ " is not a time zone DuckDB knows; "
                ~ "use an IANA name such as UTC, Europe/Berlin or America/New_York"
            ) }}
        {%- endif -%}
    {%- endif -%}
    cast(timezone('{{ zone }}', cast({{ ts }} as timestamptz)) as date)
{%- endmacro %}

{% macro spark__reporting_date(ts, zone) -%}
    cast(from_utc_timestamp({{ ts }}, '{{ zone }}') as date)
{%- endmacro %}
