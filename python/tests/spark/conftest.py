"""The Spark tests need the Spark target (scripts/spark_parity.sh installs it).

Without FIRSTPARTY_SPARK_DBT they are skipped, so that `scripts/test.sh` runs without
Spark; with FIRSTPARTY_SPARK_REQUIRED=1 (set by scripts/spark_parity.sh) a missing Spark
target fails them instead, so that the parity command can never pass by skipping.
All their Spark work runs once, in one Spark session (cases.py), before the first test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from firstparty_sessions.io import write_raw_events

from .cases import (
    SCHEDULED_EXAMPLES,
    ScheduledCase,
    generated_raw_events,
    queue_parity,
    queue_scheduled,
    scheduled_cases,
)
from .spark_project import SPARK_DBT_VARIABLE, SparkSession, spark_dbt


@dataclass(frozen=True)
class SparkRuns:
    session: SparkSession
    generated_file: Path
    scheduled: list[ScheduledCase]


@pytest.fixture(scope="session")
def spark_runs(tmp_path_factory: pytest.TempPathFactory) -> SparkRuns:
    path = spark_dbt()
    if path is None:
        if os.environ.get("FIRSTPARTY_SPARK_REQUIRED") == "1":
            pytest.fail(f"{SPARK_DBT_VARIABLE} is not set: the Spark target is not installed")
        pytest.skip(f"the Spark target is not installed ({SPARK_DBT_VARIABLE} unset)")
    inputs = tmp_path_factory.mktemp("spark_inputs")
    generated_file = inputs / "raw_events.parquet"
    write_raw_events(generated_raw_events(), generated_file)
    session = SparkSession(tmp_path_factory.mktemp("spark"), path)
    queue_parity(session, generated_file)
    scheduled = scheduled_cases(SCHEDULED_EXAMPLES)
    queue_scheduled(session, scheduled, inputs)
    session.run()
    return SparkRuns(session, generated_file, scheduled)
