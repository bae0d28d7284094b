"""Scheduled runs on Spark (insert_overwrite of day partitions) end where a full rebuild
ends: the DuckDB property test's scenarios, fewer of them, with rows across midnight so
that runs rewrite, move between and empty day partitions (cases.py)."""

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


def test_a_day_emptied_by_a_run_is_dropped(spark_runs: SparkRuns) -> None:
    """The hand-made case: no 2 November partition is left in either mart."""
    case = spark_runs.scheduled[-1]
    for table in ("event_sessions", "sessions"):
        folder = spark_runs.session.root / "spark-warehouse" / f"{case.schema}.db" / table
        days = sorted(path.name for path in folder.iterdir() if "=" in path.name)
        assert days == [
            f"{'received_on' if table == 'event_sessions' else 'created_on'}=2026-11-01"
        ]


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
