"""Scheduled runs on Spark (insert_overwrite of the state tables, docs/spark.md) end where
a full rebuild ends: the DuckDB property test's scenarios, fewer of them, with rows across
midnight so that events and sessions change day, and a hand-made one that leaves a
session without events (cases.py)."""

from __future__ import annotations

import pytest

from firstparty_sessions.reference import resolve

from ..integration.outcomes import assert_outputs_equal
from .cases import SCHEDULED_EXAMPLES
from .conftest import SparkRuns


@pytest.mark.parametrize("number", range(SCHEDULED_EXAMPLES + 1))
def test_scheduled_runs_on_spark_give_the_full_rebuild(number: int, spark_runs: SparkRuns) -> None:
    case = spark_runs.scheduled[number]
    for batch in range(len(case.batches)):
        spark_runs.session.assert_succeeded(case.step(batch))
    outputs = spark_runs.session.outputs(case.schema)
    assert_outputs_equal(outputs, resolve(case.raw, "known" if case.strict else "format"))


#: The keyed state tables and their keys: insert_overwrite must leave one row per key.
STATE_KEYS = {
    "int_raw_rows__units": "unit",
    "int_events__deduplicated": "event_id",
    "int_events__resolved": "event_id",
    "int_sessions__aggregated": "session_id",
    "int_sessions__established": "session_id",
}


@pytest.mark.parametrize("number", range(SCHEDULED_EXAMPLES + 1))
def test_state_tables_keep_one_row_per_key(number: int, spark_runs: SparkRuns) -> None:
    """After the scheduled runs, no state table holds a stale copy of a key (a row the
    rewrite should have replaced) and none lost its rows."""
    case = spark_runs.scheduled[number]
    for table, key in STATE_KEYS.items():
        rows = spark_runs.session.table(case.schema, table)
        if rows.empty:  # no file: int_sessions__established in format mode
            continue
        keys = rows[key].dropna()  # a unit without load marker: null, never replaced
        assert keys.is_unique, f"{table}: keys stored twice: {keys[keys.duplicated()].tolist()}"
        assert set(rows["state_partition"]) <= {0}, table
    resolved = spark_runs.session.table(case.schema, "int_events__resolved")
    assert len(resolved) == len(spark_runs.session.outputs(case.schema)["event_sessions"])


def test_a_session_left_without_events_is_kept_empty(spark_runs: SparkRuns) -> None:
    """The hand-made case: e1's old minted session (2 November) is an empty row of
    int_sessions__aggregated, not in the sessions mart; nothing of 2 November is left."""
    case = spark_runs.scheduled[-1]
    aggregated = spark_runs.session.table(case.schema, "int_sessions__aggregated")
    assert sorted(aggregated["event_count"].tolist()) == [0, 1, 1]
    outputs = spark_runs.session.outputs(case.schema)
    assert len(outputs["sessions"]) == 2
    for table, day in (("event_sessions", "received_on"), ("sessions", "created_on")):
        days = {str(value)[:10] for value in outputs[table][day]}
        assert days == {"2026-11-01"}, table


def test_the_scenarios_move_rows_between_days(spark_runs: SparkRuns) -> None:
    """The examples exercise what is hard on Spark: several days, several batches."""
    days = {
        text[:10]
        for case in spark_runs.scheduled
        for text in case.raw["received_at"].dropna()
        if text[:4] == "2026"
    }
    assert len(days) >= 2
    assert any(len(case.batches) >= 3 for case in spark_runs.scheduled)
