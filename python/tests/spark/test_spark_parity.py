"""The same models on Spark give exactly the outputs they give on DuckDB.

Each case builds the project twice, `dbt build --full-refresh` on DuckDB (models and data
tests) and on Spark (dbt-spark, session mode; the unit tests too), from the same input, then
compares the three outputs row for row and column for column; session IDs, minted ones
included, are compared as text, byte for byte. Inputs: the demo seed, and about 20,000
generated events (seed 7) plus the hostile rows, as a Parquet file. Both modes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..integration.dbt_project import DbtWorkspace
from ..integration.outcomes import output_differences
from .cases import GENERATED_EVENTS, PARITY_CASES, ParityCase
from .conftest import SparkRuns


@pytest.mark.parametrize("case", PARITY_CASES, ids=lambda case: case.schema)
def test_spark_outputs_equal_duckdb_outputs(
    case: ParityCase, spark_runs: SparkRuns, tmp_path: Path
) -> None:
    spark_runs.session.assert_succeeded(case.schema)
    raw_events_path = None if case.source == "demo_seed" else spark_runs.generated_file
    duckdb_workspace = DbtWorkspace(tmp_path / "duckdb")
    duckdb_workspace.build(raw_events_path, strict=case.strict)

    spark_outputs = spark_runs.session.outputs(case.schema)
    duckdb_outputs = duckdb_workspace.outputs()
    problems = output_differences(spark_outputs, duckdb_outputs, ("spark", "duckdb"))
    assert not problems, "\n".join(problems)

    # What was compared covers every rule: all three resolutions, minted IDs, rejects.
    events = duckdb_outputs["event_sessions"]
    assert set(events["resolved_by"]) == {"payload", "cookie", "minted"}
    assert len(duckdb_outputs["rejected_events"]) > 0
    if case.source == "generated_file":
        assert len(events) > GENERATED_EVENTS * 0.9
