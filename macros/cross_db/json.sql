{#- JSON reading, engine-neutral. `kind` is one of object, array, string, number, boolean,
    null; it is null when the text is not JSON or the key is absent (or the top level is
    not an object). See docs/rules.md for what counts as JSON. -#}

{% macro json_kind(expr, key=none) -%}
    {{ return(adapter.dispatch('json_kind', 'firstparty_sessions')(expr, key)) }}
{%- endmacro %}

{% macro duckdb__json_kind(expr, key=none) -%}
    {#- json_type raises on invalid text: only valid text reaches it. -#}
    {%- set guarded = 'case when json_valid(' ~ expr ~ ') then ' ~ expr ~ ' end' -%}
    {%- set json_type -%}
        {%- if key is none -%}json_type({{ guarded }})
        {%- else -%}json_type({{ guarded }}, '$.{{ key }}')
        {%- endif -%}
    {%- endset -%}
    {{ firstparty_sessions.json_type_name_kind(json_type) }}
{%- endmacro %}

{#- A json_type() name (OBJECT, VARCHAR, BIGINT, ...) as a kind: object, string, number, ... -#}
{% macro json_type_name_kind(json_type) -%}
    case {{ json_type }}
        when 'OBJECT' then 'object'
        when 'ARRAY' then 'array'
        when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'NULL' then 'null'
        when 'BIGINT' then 'number'
        when 'UBIGINT' then 'number'
        when 'DOUBLE' then 'number'
    end
{%- endmacro %}


{#- The top-level key's value when it is a JSON string (decoded), else null. -#}
{% macro json_string(expr, key) -%}
    {{ return(adapter.dispatch('json_string', 'firstparty_sessions')(expr, key)) }}
{%- endmacro %}

{% macro duckdb__json_string(expr, key) -%}
    case
        when {{ firstparty_sessions.json_kind(expr, key) }} = 'string'
            then json_extract_string({{ expr }}, '$.{{ key }}')
    end
{%- endmacro %}


{#- Several top-level keys of the same JSON text, read together: `json_fields(expr, keys)`
    gives an engine-specific value from which `json_field_kind(fields, keys, key)` and
    `json_field_string(fields, keys, key)` give exactly what `json_kind(expr, key)` and
    `json_string(expr, key)` give. The default reads the text again for every key; DuckDB
    parses it once (one multi-path json_extract) and then reads only the small values. -#}
{% macro json_fields(expr, keys) -%}
    {{ return(adapter.dispatch('json_fields', 'firstparty_sessions')(expr, keys)) }}
{%- endmacro %}

{% macro default__json_fields(expr, keys) -%}
    {{ expr }}
{%- endmacro %}

{% macro duckdb__json_fields(expr, keys) -%}
    {#- A list of the keys' JSON values (null when absent); json_extract raises on invalid
        text, so only valid text reaches it. -#}
    json_extract(
        case when json_valid({{ expr }}) then {{ expr }} end,
        [{% for key in keys %}'$.{{ key }}'{{ ', ' if not loop.last }}{% endfor %}]
    )
{%- endmacro %}


{% macro json_field_kind(fields, keys, key) -%}
    {{ return(adapter.dispatch('json_field_kind', 'firstparty_sessions')(fields, keys, key)) }}
{%- endmacro %}

{% macro default__json_field_kind(fields, keys, key) -%}
    {{ firstparty_sessions.json_kind(fields, key) }}
{%- endmacro %}

{% macro duckdb__json_field_kind(fields, keys, key) -%}
    {#- The extracted value is itself valid JSON text: its own top-level type. -#}
    {{ firstparty_sessions.json_type_name_kind(
        'json_type(' ~ fields ~ '[' ~ (keys.index(key) + 1) ~ '])'
    ) }}
{%- endmacro %}


{% macro json_field_string(fields, keys, key) -%}
    {{ return(adapter.dispatch('json_field_string', 'firstparty_sessions')(fields, keys, key)) }}
{%- endmacro %}

{% macro default__json_field_string(fields, keys, key) -%}
    {{ firstparty_sessions.json_string(fields, key) }}
{%- endmacro %}

{% macro duckdb__json_field_string(fields, keys, key) -%}
    {%- set value = fields ~ '[' ~ (keys.index(key) + 1) ~ ']' -%}
    case
        when json_type({{ value }}) = 'VARCHAR' then json_extract_string({{ value }}, '$')
    end
{%- endmacro %}


{#- Spark (4.x): JSON is read with parse_json (VARIANT) and get_json_object (first
    occurrence of a key). Spark's readers are stricter than the rules in two ways, so the
    text is first made lenient the rules' way (docs/rules.md, "Spark"):
    trailing commas are removed and the literals NaN / Infinity / -Infinity become 0
    (only their kind, number, is ever read), both outside string literals only.
    Java's regex engine recurses once per repetition of a group, and a deep recursion
    kills the executor (StackOverflowError): the patterns consume whole runs of plain
    characters possessively (++, *+), and each runs only on text that has something to
    change. -#}
{% macro spark_json_lenient_text(expr) -%}
    {%- set string = '"(?:[^"\\\\]++|\\\\.)*+"' -%}
    {%- set trailing_comma = ',[ \\t\\n\\r]*[}\\]]' -%}
    {%- set without_trailing_commas -%}
        case
            when {{ firstparty_sessions.regex_search(expr, trailing_comma) }} then regexp_replace(
                {{ expr }},
                {{ firstparty_sessions.regex_literal(
                    '(' ~ string ~ '|[^\\[{,\\s"])([ \\t\\n\\r]*),(?=[ \\t\\n\\r]*[}\\]])|(' ~ string ~ ')'
                ) }},
                '$1$2$3'
            )
            else {{ expr }}
        end
    {%- endset -%}
    {{ firstparty_sessions.spark_let(without_trailing_commas, 'fp_json', firstparty_sessions.spark_json_without_nan('fp_json', string)) }}
{%- endmacro %}

{% macro spark_json_without_nan(text, string) -%}
    case
        when instr({{ text }}, 'NaN') > 0 or instr({{ text }}, 'Infinity') > 0 then regexp_replace(
            {{ text }},
            {{ firstparty_sessions.regex_literal(
                '\\G((?:' ~ string ~ '|[^"NI]++|[NI])*?)(-?Infinity|(?<!-)NaN)'
            ) }},
            '$10'
        )
        else {{ text }}
    end
{%- endmacro %}

{#- Spark has no "let": a value used several times in an expression is bound once to a
    lambda variable, `let(value, name, body)` = body with name bound to value. This also
    keeps Spark's optimizer from inlining the value into every use (generated code over
    64 KB). -#}
{% macro spark_let(value, name, body) -%}
    element_at(transform(array({{ value }}), {{ name }} -> {{ body }}), 1)
{%- endmacro %}

{#- Lenient text as a VARIANT, or null when it is not JSON. parse_json ignores text after
    the first complete value; parsing it again inside [ ] refuses such trailing text. -#}
{% macro spark_json_variant(lenient) -%}
    {{ firstparty_sessions.spark_let(lenient, 'fp_text', firstparty_sessions.spark_variant_of_text('fp_text')) }}
{%- endmacro %}

{% macro spark_variant_of_text(text) -%}
    case when try_parse_json(concat('[', {{ text }}, ']')) is not null then try_parse_json({{ text }}) end
{%- endmacro %}

{#- schema_of_variant() names (OBJECT<..>, ARRAY<..>, STRING, BIGINT, DECIMAL(p,s),
    DOUBLE, BOOLEAN, VOID) as kinds; null for a null variant. -#}
{% macro spark_variant_kind(variant) -%}
    case {{ firstparty_sessions.regex_extract(
        'schema_of_variant(' ~ variant ~ ')', '^(OBJECT|ARRAY|STRING|BOOLEAN|VOID)?', 1
    ) }}
        when 'OBJECT' then 'object'
        when 'ARRAY' then 'array'
        when 'STRING' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'VOID' then 'null'
        when '' then 'number'
    end
{%- endmacro %}

{#- Kind of a top-level key, the first occurrence winning as in the rules. Spark's VARIANT
    keeps a duplicated key's LAST occurrence, get_json_object its first (as text: a string
    decoded, anything else as JSON). When the two disagree the key is duplicated, and the
    first occurrence's kind is read from its text: a string whose own text is JSON ("1",
    "true") is then taken for that JSON (docs/spark.md). -#}
{% macro spark_key_kind(lenient, variant, key) -%}
    {%- set occurrences -%}
        named_struct(
            'last', variant_get({{ variant }}, '$.{{ key }}', 'variant'),
            'first', get_json_object({{ lenient }}, '$.{{ key }}')
        )
    {%- endset -%}
    {%- set by_last_kind -%}
        case
            when fp_kind is null then null
            when fp_key.first is null then 'null'
            when fp_kind = 'string' and variant_get(fp_key.last, '$', 'string') = fp_key.first
                then 'string'
            when fp_kind <> 'string' and to_json(fp_key.last) = fp_key.first then fp_kind
            else coalesce(
                {{ firstparty_sessions.spark_variant_kind('try_parse_json(fp_key.first)') }}, 'string'
            )
        end
    {%- endset -%}
    {{ firstparty_sessions.spark_let(occurrences, 'fp_key', firstparty_sessions.spark_let(
        firstparty_sessions.spark_variant_kind('fp_key.last'), 'fp_kind', by_last_kind
    )) }}
{%- endmacro %}

{#- The top-level key's value when its first occurrence is a string (decoded). -#}
{% macro spark_key_string(lenient, variant, key) -%}
    case
        when {{ firstparty_sessions.spark_key_kind(lenient, variant, key) }} = 'string'
            then get_json_object({{ lenient }}, '$.{{ key }}')
    end
{%- endmacro %}

{% macro spark__json_kind(expr, key=none) -%}
    {%- if key is none -%}
        {{ firstparty_sessions.spark_variant_kind(
            firstparty_sessions.spark_json_variant(firstparty_sessions.spark_json_lenient_text(expr))
        ) }}
    {%- else -%}
        {{ firstparty_sessions.spark__json_field_kind(
            firstparty_sessions.spark__json_fields(expr, [key]), [key], key
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__json_string(expr, key) -%}
    {{ firstparty_sessions.spark__json_field_string(firstparty_sessions.spark__json_fields(expr, [key]), [key], key) }}
{%- endmacro %}

{% macro spark__json_fields(expr, keys) -%}
    {#- The lenient text and its VARIANT, made once; the keys are read from them. -#}
    {{ firstparty_sessions.spark_let(
        firstparty_sessions.spark_json_lenient_text(expr), 'fp_text',
        "named_struct('text', fp_text, 'value', " ~ firstparty_sessions.spark_variant_of_text('fp_text') ~ ")"
    ) }}
{%- endmacro %}

{% macro spark__json_field_kind(fields, keys, key) -%}
    {{ firstparty_sessions.spark_let(fields, 'fp_fields', firstparty_sessions.spark_key_kind('fp_fields.text', 'fp_fields.value', key)) }}
{%- endmacro %}

{% macro spark__json_field_string(fields, keys, key) -%}
    {{ firstparty_sessions.spark_let(fields, 'fp_fields', firstparty_sessions.spark_key_string('fp_fields.text', 'fp_fields.value', key)) }}
{%- endmacro %}
