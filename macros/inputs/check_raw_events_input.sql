{#- The input is checked before any model runs (on-run-start, dbt_project.yml): the vars,
    then the file(s) or table. A problem stops the run with one line that names the input,
    says what is wrong and what to do; an input with no rows only warns.

    Input vars: raw_events_path, or raw_events_table with optional raw_events_schema and
    raw_events_database. Any other var whose name starts with `raw_event` is refused as a
    misspelling, and so are schema/database without a table, and a path with a table. -#}

{% macro check_raw_events_input() -%}
    {%- if execute -%}
        {%- set finding = firstparty_sessions.raw_events_input_finding(
            firstparty_sessions.raw_events_input_vars()
        ) -%}
        {%- if finding.error -%}
            {{ exceptions.raise_compiler_error(finding.error) }}
        {%- elif finding.warning -%}
            {{ exceptions.warn('Warning: ' ~ finding.warning) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- For `dbt run-operation describe_raw_events_inputs --args '{inputs: [{raw_events_path: ...}]}'`:
    one line per input (a dict of input vars): `input N: error|warning|ok: ...`, what a
    run on that input would say. Nothing is raised. -#}
{% macro describe_raw_events_inputs(inputs) -%}
    {%- for input in inputs -%}
        {%- set finding = firstparty_sessions.raw_events_input_finding(input) -%}
        {%- if finding.error -%}
            {%- do log('input ' ~ loop.index ~ ': error: ' ~ finding.error, info=true) -%}
        {%- elif finding.warning -%}
            {%- do log('input ' ~ loop.index ~ ': warning: ' ~ finding.warning, info=true) -%}
        {%- else -%}
            {%- do log('input ' ~ loop.index ~ ': ok: ' ~ finding.rows ~ ' rows', info=true) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}


{#- The vars of this invocation that concern the input: the known ones, with every var
    given on the command line (to catch misspelled input vars). -#}
{% macro raw_events_input_vars() -%}
    {%- set given = invocation_args_dict.get('vars') or {} -%}
    {%- if given is string -%}{%- set given = fromyaml(given) or {} -%}{%- endif -%}
    {%- set settings = dict(given) -%}
    {%- for name in firstparty_sessions.raw_events_input_var_names() -%}
        {%- do settings.update({name: var(name, none)}) -%}
    {%- endfor -%}
    {{ return(settings) }}
{%- endmacro %}


{% macro raw_events_input_var_names() -%}
    {{ return(['raw_events_path', 'raw_events_table', 'raw_events_schema', 'raw_events_database', 'raw_events_load_column']) }}
{%- endmacro %}


{#- {error, warning, rows} for the input the vars in `settings` name. -#}
{% macro raw_events_input_finding(settings) -%}
    {%- set known = firstparty_sessions.raw_events_input_var_names() -%}
    {%- set do_what = 'the input vars are raw_events_path (a file), or raw_events_table '
        ~ 'with optional raw_events_schema and raw_events_database (a table), and optionally '
        ~ 'raw_events_load_column (a column that grows with each load)' -%}
    {%- for name in settings -%}
        {%- if (name | lower).startswith('raw_event') and name not in known -%}
            {{ return({'error': "unknown var '" ~ name ~ "' (a misspelled input var?): " ~ do_what ~ "; rename it"}) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set path = settings.get('raw_events_path') -%}
    {%- set table = settings.get('raw_events_table') -%}
    {%- if path and table -%}
        {{ return({'error': "raw_events_path and raw_events_table are both set: the input is a file or a table; remove one of them"}) }}
    {%- endif -%}
    {%- if not table -%}
        {%- for name in ['raw_events_schema', 'raw_events_database'] -%}
            {%- if settings.get(name) -%}
                {{ return({'error': name ~ " '" ~ settings.get(name) ~ "' is set without raw_events_table: "
                    ~ "add raw_events_table (the table's name), or remove " ~ name}) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if path and settings.get('raw_events_load_column') == 'filename' and target.type != 'duckdb' -%}
        {{ return({'error': "raw_events_load_column 'filename' (each file a load) is read on DuckDB only; on " ~ target.type ~ ", land the files in a table with a load column and set raw_events_table"}) }}
    {%- endif -%}
    {%- if path -%}
        {%- set format = firstparty_sessions.raw_events_file_format(path, strict=false) -%}
        {%- if not format -%}
            {{ return({'error': firstparty_sessions.raw_events_file_format_problem(path), 'warning': none, 'rows': none}) }}
        {%- endif -%}
        {%- set found = adapter.dispatch('raw_events_file_finding', 'firstparty_sessions')(path, format) -%}
        {%- set label = "raw_events_path '" ~ path ~ "'" -%}
    {%- elif table -%}
        {%- set relation = api.Relation.create(
            database=settings.get('raw_events_database') or target.get('database'),
            schema=settings.get('raw_events_schema') or target.schema,
            identifier=table
        ) -%}
        {%- set found = firstparty_sessions.raw_events_table_finding(relation) -%}
        {%- set label = "raw_events_table " ~ relation -%}
    {%- else -%}
        {#- The demo seed: the project's own file, read by name like any input. -#}
        {{ return({'error': none, 'warning': none, 'rows': none}) }}
    {%- endif -%}
    {%- if found.error -%}
        {{ return({'error': label ~ ': ' ~ found.error, 'warning': none, 'rows': none}) }}
    {%- elif found.rows == 0 -%}
        {{ return({'error': none, 'warning': label ~ ': the input has no rows; the run goes on with nothing to add', 'rows': 0}) }}
    {%- endif -%}
    {{ return({'error': none, 'warning': none, 'rows': found.rows}) }}
{%- endmacro %}


{#- Why `names` (an input's column names, exact) cannot be read, or none. -#}
{% macro raw_events_columns_problem(names, where='') -%}
    {%- set required = firstparty_sessions.raw_events_file_columns() -%}
    {%- set missing = [] -%}
    {%- set doubled = [] -%}
    {%- for column in required -%}
        {%- if column not in names -%}{%- do missing.append(column) -%}
        {#- The engine matches names ignoring case: `Cookie` next to `cookie` is a second cookie. -#}
        {%- elif names | map('lower') | select('equalto', column) | list | length > 1 -%}{%- do doubled.append(column) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set needs = 'the input needs the columns ' ~ required | join(', ')
        ~ ' (by exact name, any order; other columns are ignored)' -%}
    {%- if missing -%}
        {{ return(where ~ 'missing column' ~ ('s ' if missing | length > 1 else ' ') ~ missing | join(', ')
            ~ ' (found: ' ~ (names | join(', ') or 'none') ~ '); ' ~ needs ~ ': add or rename them') }}
    {%- elif doubled -%}
        {{ return(where ~ 'column ' ~ doubled | join(', ') ~ ' appears more than once (names differing only in case count as the same); ' ~ needs ~ ': keep one') }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}


{% macro raw_events_table_finding(relation) -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- if not names -%}
        {{ return({'error': 'no such table (or it has no columns); check raw_events_table, '
            ~ 'raw_events_schema and raw_events_database, or create the table first'}) }}
    {%- endif -%}
    {%- set problem = firstparty_sessions.raw_events_columns_problem(names) -%}
    {%- if problem -%}{{ return({'error': problem}) }}{%- endif -%}
    {%- set rows = run_query('select count(*) from (select 1 from ' ~ relation ~ ' limit 1) as probe').columns[0].values()[0] -%}
    {{ return({'error': none, 'rows': rows}) }}
{%- endmacro %}


{#- A file's problems are found by the engine; without a variant, none are (the run then
    reports what the engine says). -#}
{% macro default__raw_events_file_finding(path, format) -%}
    {{ return({'error': none, 'rows': none}) }}
{%- endmacro %}

{% macro duckdb__raw_events_file_finding(path, format) -%}
    {%- set files = run_query('select file from glob(' ~ firstparty_sessions.sql_string(path) ~ ') order by file').columns[0].values() -%}
    {%- if not files -%}
        {{ return({'error': 'no such file (nothing matches the path); check the path (relative to the folder dbt runs in)'}) }}
    {%- endif -%}
    {#- Loads by file: the files processed already were checked when they landed. -#}
    {%- if firstparty_sessions.loads_are_files() and not flags.FULL_REFRESH -%}
        {%- set processed = firstparty_sessions.processed_raw_event_files() -%}
        {%- set files = files | reject('in', processed) | list -%}
        {%- if not files -%}{{ return({'error': none, 'rows': none}) }}{%- endif -%}
    {%- endif -%}
    {%- set rows = namespace(total=0) -%}
    {%- for file in files -%}
        {%- set where = '' if files | length == 1 else "file '" ~ file ~ "': " -%}
        {%- if format == 'csv' -%}
            {%- set found = firstparty_sessions.duckdb_csv_file_finding(file, where) -%}
        {%- elif format == 'parquet' -%}
            {%- set found = firstparty_sessions.duckdb_parquet_file_finding(file, where) -%}
        {%- else -%}
            {%- set found = firstparty_sessions.duckdb_ndjson_file_finding(file, where) -%}
        {%- endif -%}
        {%- if found.error -%}{{ return(found) }}{%- endif -%}
        {%- set rows.total = rows.total + found.rows -%}
    {%- endfor -%}
    {{ return({'error': none, 'rows': rows.total}) }}
{%- endmacro %}


{#- CSV: the header row read as data (no sniffing: its fields, in order), then every row
    parsed against it with DuckDB's rejects tables recording the first bad line. -#}
{% macro duckdb_csv_file_finding(file, where) -%}
    {%- set quoted = firstparty_sessions.sql_string(file) -%}
    {%- set dialect = firstparty_sessions.duckdb_csv_dialect() -%}
    {%- set wide = [] -%}
    {%- for i in range(256) -%}{%- do wide.append("'c" ~ i ~ "': 'VARCHAR'") -%}{%- endfor -%}
    {%- set header = run_query(
        'select * from read_csv(' ~ quoted ~ ', ' ~ dialect ~ ', auto_detect = false, header = false, '
        ~ 'null_padding = true, ignore_errors = true, columns = {' ~ wide | join(', ') ~ '}) limit 1'
    ) -%}
    {%- if not header.rows -%}
        {{ return({'error': where ~ 'the file is empty (no header row); a CSV input starts with a header row naming its columns'}) }}
    {%- endif -%}
    {%- set last = namespace(index=0) -%}
    {%- for value in header.rows[0] -%}
        {%- if value is not none -%}{%- set last.index = loop.index -%}{%- endif -%}
    {%- endfor -%}
    {%- set fields = (header.rows[0] | list)[:last.index] -%}
    {%- set problem = firstparty_sessions.raw_events_columns_problem(fields | reject('none') | list, where) -%}
    {%- if problem -%}{{ return({'error': problem}) }}{%- endif -%}
    {%- set positional = [] -%}
    {%- for value in fields -%}{%- do positional.append("'c" ~ loop.index0 ~ "': 'VARCHAR'") -%}{%- endfor -%}
    {%- do run_query('drop table if exists temp.main.firstparty_csv_rejects') -%}
    {%- do run_query('drop table if exists temp.main.firstparty_csv_scans') -%}
    {%- set scan -%}
        select count(*) from read_csv(
            {{ quoted }}, {{ dialect }}, auto_detect = false, header = true,
            columns = { {{- positional | join(', ') -}} },
            ignore_errors = true, store_rejects = true,
            rejects_table = 'firstparty_csv_rejects', rejects_scan = 'firstparty_csv_scans'
        )
    {%- endset -%}
    {%- set rows = run_query(scan).columns[0].values()[0] -%}
    {%- set rejected = run_query(
        'select line, column_idx, error_message from temp.main.firstparty_csv_rejects order by line, column_idx limit 1'
    ) -%}
    {%- if rejected.rows -%}
        {%- set line, column_index, message = rejected.rows[0] -%}
        {%- set column = fields[column_index - 1] if column_index and column_index <= fields | length else none -%}
        {{ return({'error': where ~ 'not a readable CSV file: line ' ~ line
            ~ (' (column ' ~ column ~ ')' if column else '') ~ ': ' ~ (message | trim | replace('\n', ' '))
            ~ '; fix the file (comma-separated, fields quoted with ", a " inside doubled, '
            ~ 'every row as many fields as the header)'}) }}
    {%- endif -%}
    {{ return({'error': none, 'rows': rows}) }}
{%- endmacro %}


{#- Parquet: readable (DuckDB reads the footer), then its schema. -#}
{% macro duckdb_parquet_file_finding(file, where) -%}
    {%- if not adapter.location_exists(file | replace("'", "''")) -%}
        {{ return({'error': where ~ 'not a readable Parquet file; check that it is Parquet '
            ~ '(written completely), or give it the extension of its real format'}) }}
    {%- endif -%}
    {%- set quoted = firstparty_sessions.sql_string(file) -%}
    {%- set names = run_query('describe select * from read_parquet(' ~ quoted ~ ')').columns[0].values() | list -%}
    {%- set problem = firstparty_sessions.raw_events_columns_problem(names, where) -%}
    {%- if problem -%}{{ return({'error': problem}) }}{%- endif -%}
    {%- set rows = run_query('select count(*) from read_parquet(' ~ quoted ~ ')').columns[0].values()[0] -%}
    {{ return({'error': none, 'rows': rows}) }}
{%- endmacro %}


{#- NDJSON: every non-blank line one JSON object (the first that is not is named by its
    line number); the columns are the keys found on any line. -#}
{% macro duckdb_ndjson_file_finding(file, where) -%}
    {%- set scan -%}
        with lines as (
            select
                unnest(range(1, len(file_lines) + 1)) as line_number,
                unnest(file_lines) as line
            from (
                select string_split(content, chr(10)) as file_lines
                from read_text({{ firstparty_sessions.sql_string(file) }})
            ) as file_text
        ),
        parsed as (
            select
                line_number,
                case when json_valid(line) then json_type(line) = 'OBJECT' else false end as is_object,
                case when json_valid(line) and json_type(line) = 'OBJECT' then json_keys(line) end as keys
            from lines
            where trim(line, ' ' || chr(9) || chr(13)) <> ''
        )
        select
            min(case when not is_object then line_number end) as bad_line,
            count(*) as row_count,
            to_json(list_sort(list_distinct(flatten(list(keys))))) as key_names
        from parsed
    {%- endset -%}
    {%- set bad_line, rows, keys = run_query(scan).rows[0] -%}
    {%- if bad_line is not none -%}
        {{ return({'error': where ~ 'line ' ~ bad_line ~ ' is not a JSON object; '
            ~ 'fix that line (an NDJSON file holds one JSON object per line)'}) }}
    {%- endif -%}
    {%- set problem = firstparty_sessions.raw_events_columns_problem(fromjson(keys or '[]') or [], where) -%}
    {%- if problem -%}{{ return({'error': problem}) }}{%- endif -%}
    {{ return({'error': none, 'rows': rows}) }}
{%- endmacro %}
