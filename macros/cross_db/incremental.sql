{#- How the run-state models (models/intermediate/run_state, int_events__*, int_sessions__*)
    and rejected_events are written incrementally, per engine. Their SQL is the same on
    every engine; the configs call the strategy/partition macros, and each model's last
    select is one of the two row macros below.

    DuckDB: rows are replaced by key in place, in the run's transaction: by the adapter's
    delete+insert on unique_key, or, for a model that looks up its stored rows of every
    key it writes (stored_rows), by deleting those rows by their rowid (strategy
    duckdb_replace_stored): the lookup has already found them, so the delete does not scan
    the key column of the whole table a second time.
    Spark (parquet tables): no merge, no delete. A keyed state table has one partition
    column, state_partition, that is always 0 (added only on Spark; no mart selects it),
    and is written with insert_overwrite (dbt-spark's dynamic partition overwrite): a run
    that writes any row rewrites the whole table, its own rows plus every stored row it
    does not replace. Rows are never deleted from a state table (a session left without
    events is kept as an event_count 0 row), so no partition is ever emptied.
    rejected_events, whose rows never change, is appended to. docs/spark.md. -#}


{#- The config of a keyed state model, whose rows are replaced by `unique_key`: incremental,
    written by keyed_incremental_strategy with the keyed_pre_hooks and the
    state_partition_by of the engine. `by_stored_row`: the model reads its stored row of
    every key it writes (stored_rows) and ends its final select with
    stored_row_columns. A model calls `config(**keyed_state_config(...))`. -#}
{% macro keyed_state_config(unique_key, by_stored_row=false) -%}
    {{ return({
        'materialized': 'incremental',
        'unique_key': unique_key,
        'incremental_strategy': firstparty_sessions.keyed_incremental_strategy(by_stored_row),
        'pre_hook': firstparty_sessions.keyed_pre_hooks(by_stored_row),
        'partition_by': firstparty_sessions.state_partition_by(),
    }) }}
{%- endmacro %}


{#- The incremental_strategy of a state model whose rows are replaced by unique_key.
    `by_stored_row`: the model reads its stored row of every key it writes through
    stored_rows, and its final select has the column replaced_row_locator
    (replaces_located_rows); where the engine can address a stored row (row_locator),
    the strategy deletes the rows so found. Otherwise the adapter's default (delete+insert by key on DuckDB);
    insert_overwrite on Spark. -#}
{% macro keyed_incremental_strategy(by_stored_row=false) -%}
    {{ return(adapter.dispatch('keyed_incremental_strategy', 'firstparty_sessions')(by_stored_row)) }}
{%- endmacro %}

{% macro default__keyed_incremental_strategy(by_stored_row=false) -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro duckdb__keyed_incremental_strategy(by_stored_row=false) -%}
    {{ return('duckdb_replace_stored' if by_stored_row else 'delete+insert') }}
{%- endmacro %}

{% macro spark__keyed_incremental_strategy(by_stored_row=false) -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}


{#- The pre_hook of a keyed state model: with by_stored_row on DuckDB, one statement run
    inside the model's transaction, so that the transaction begins before the model's
    select (which dbt-duckdb runs otherwise on its own, before BEGIN): the rowids the
    select reads are then the ones the strategy's delete sees, whatever another thread
    commits or checkpoints meanwhile. None otherwise. -#}
{% macro keyed_pre_hooks(by_stored_row=false) -%}
    {{ return(adapter.dispatch('keyed_pre_hooks', 'firstparty_sessions')(by_stored_row)) }}
{%- endmacro %}

{% macro default__keyed_pre_hooks(by_stored_row=false) -%}
    {{ return([]) }}
{%- endmacro %}

{% macro duckdb__keyed_pre_hooks(by_stored_row=false) -%}
    {{ return([{'sql': "select 'rowids read and deleted in one transaction'", 'transaction': true}] if by_stored_row else []) }}
{%- endmacro %}


{#- A stored row's address on the engine, for the column list of stored_rows: on DuckDB
    its rowid (stable within the transaction that reads and deletes it: DuckDB renumbers
    rows only when it checkpoints, after the commit); none elsewhere, and none in unit
    tests (whose `this` is a fixture, not a table). -#}
{% macro row_locator() -%}
    {%- if model is mapping and model.get('resource_type') == 'unit_test' -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.dispatch('row_locator', 'firstparty_sessions')()) }}
{%- endmacro %}

{% macro default__row_locator() -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__row_locator() -%}
    {{ return('rowid') }}
{%- endmacro %}


{#- Whether a by_stored_row model's final select has the column replaced_row_locator
    (stored.stored_row_locator: the address of the stored row the written row replaces,
    null for a new key): in an incremental run, where the engine has a row_locator. The
    strategy deletes by it and does not write it (the table, created by a first run, has
    no such column). -#}
{% macro replaces_located_rows() -%}
    {{ return(is_incremental() and firstparty_sessions.row_locator() is not none) }}
{%- endmacro %}


{#- The last columns of a by_stored_row model's final select, whose stored row of the key
    is joined as `stored`: replaced_row_locator when the strategy deletes by it
    (replaces_located_rows), then run_seq, this run's number. -#}
{% macro stored_row_columns(run_seq) -%}
    {%- if firstparty_sessions.replaces_located_rows() -%}
        stored.stored_row_locator as replaced_row_locator,
    {% endif -%}
    cast({{ run_seq }} as {{ dbt.type_bigint() }}) as run_seq
{%- endmacro %}


{#- dbt's custom incremental strategy duckdb_replace_stored (keyed_incremental_strategy
    with by_stored_row): deletes the stored rows the new rows replace by their rowid, then
    inserts the new rows' columns (the target's: replaced_row_locator is left out). -#}
{% macro get_incremental_duckdb_replace_stored_sql(arg_dict) -%}
    {%- set columns = arg_dict['dest_columns'] | map(attribute='quoted') | join(', ') -%}
delete from {{ arg_dict['target_relation'] }}
where rowid in (
    select replaced_row_locator from {{ arg_dict['temp_relation'] }}
);

insert into {{ arg_dict['target_relation'] }} ({{ columns }})
select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}


{#- The incremental_strategy of a model whose stored rows never change (rejected_events):
    the adapter's default on unique_key elsewhere; append on Spark (the model's last
    select, added_rows, then leaves out the rows stored already). -#}
{% macro append_only_incremental_strategy() -%}
    {{ return(adapter.dispatch('append_only_incremental_strategy', 'firstparty_sessions')()) }}
{%- endmacro %}

{% macro default__append_only_incremental_strategy() -%}
    {{ return(none) }}
{%- endmacro %}

{% macro spark__append_only_incremental_strategy() -%}
    {{ return('append') }}
{%- endmacro %}


{#- The partition_by config of a keyed state model: none elsewhere; on Spark the
    constant column state_partition, so that insert_overwrite replaces the table only when
    the run writes a row to it (dynamic overwrite of the partitions written). -#}
{% macro state_partition_by() -%}
    {{ return(adapter.dispatch('state_partition_by', 'firstparty_sessions')()) }}
{%- endmacro %}

{% macro default__state_partition_by() -%}
    {{ return(none) }}
{%- endmacro %}

{% macro spark__state_partition_by() -%}
    {{ return(['state_partition']) }}
{%- endmacro %}


{#- The last select of a keyed state model: the rows of CTE `rows` (this run's rows, one
    per `key`). Elsewhere exactly these (the strategy replaces the stored rows of their
    keys). On Spark they get the partition column, and in an incremental run the stored
    rows of other keys follow them, so that the partition insert_overwrite replaces is
    replaced whole: only when the run has rows (a run with none writes nothing). -#}
{% macro state_rows(rows, key) -%}
    {{ return(adapter.dispatch('state_rows', 'firstparty_sessions')(rows, key)) }}
{%- endmacro %}

{% macro default__state_rows(rows, key) -%}
select * from {{ rows }}
{%- endmacro %}

{% macro spark__state_rows(rows, key) -%}
select
    {{ rows }}.*,
    0 as state_partition
from {{ rows }}
    {%- if is_incremental() %}

union all

{#- The stored rows the run keeps, in the partitions it rewrites. A key the run writes is
    in no other partition (the partition never changes), so nothing stale is left. #}
select stored.*
from {{ this }} as stored
left anti join {{ rows }} as written
    on stored.{{ key }} = written.{{ key }}
where stored.state_partition in (
    select 0 from {{ rows }}
)
    {%- endif %}
{%- endmacro %}



{#- The last select of a model whose rows never change once stored (rejected_events):
    the rows of CTE `rows` (one per `key`). Elsewhere all of them (the strategy replaces a
    stored row by the same row). On Spark, in an incremental run, only those whose key is
    not stored yet (append): a run that re-reads rows (a grown event_id group, or a run
    taking over a stopped one) adds nothing twice. -#}
{% macro added_rows(rows, key) -%}
    {{ return(adapter.dispatch('added_rows', 'firstparty_sessions')(rows, key)) }}
{%- endmacro %}

{% macro default__added_rows(rows, key) -%}
select * from {{ rows }}
{%- endmacro %}

{% macro spark__added_rows(rows, key) -%}
select {{ rows }}.*
from {{ rows }}
    {%- if is_incremental() %}
left anti join {{ this }} as stored
    on {{ rows }}.{{ key }} = stored.{{ key }}
    {%- endif %}
{%- endmacro %}
