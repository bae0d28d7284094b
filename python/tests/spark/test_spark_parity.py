"""The same models on Spark give exactly the outputs they give on DuckDB.

Each case builds the project twice, `dbt build --full-refresh` (models, data tests and
unit tests) on DuckDB and on Spark (dbt-spark, session mode), from the same input, then
compares the three outputs row for row and column for column; session IDs, minted ones
included, are compared as text, byte for byte. Inputs: the demo seed, and about 20,000
generated events (seed 7) plus the hostile rows, as a Parquet file. Both modes.

Run by scripts/spark_parity.sh (about ten minutes here: Spark starts for every build).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.io import write_raw_events

from ..integration.dbt_project import DbtWorkspace
from ..integration.hostile import hostile_frame
from ..integration.outcomes import output_differences
from .spark_project import SparkWorkspace

GENERATED_EVENTS = 20_000


@pytest.fixture(scope="module")
def generated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = pd.concat(
        [generate_raw_events(GENERATED_EVENTS, seed=7), hostile_frame()], ignore_index=True
    )
    path = tmp_path_factory.mktemp("raw") / "raw_events.parquet"
    write_raw_events(raw, path)
    return path


@pytest.mark.parametrize("strict", [False, True], ids=["format", "known"])
@pytest.mark.parametrize("source", ["demo_seed", "generated_file"])
def test_spark_outputs_equal_duckdb_outputs(
    source: str,
    strict: bool,
    generated_file: Path,
    spark_dbt_path: str,
    tmp_path: Path,
) -> None:
    raw_events_path = None if source == "demo_seed" else generated_file
    duckdb_workspace = DbtWorkspace(tmp_path / "duckdb")
    duckdb_workspace.build(raw_events_path, strict=strict)
    spark_workspace = SparkWorkspace(tmp_path / "spark", spark_dbt_path)
    spark_workspace.build(raw_events_path, strict=strict)

    spark_outputs = spark_workspace.outputs()
    duckdb_outputs = duckdb_workspace.outputs()
    problems = output_differences(spark_outputs, duckdb_outputs, ("spark", "duckdb"))
    assert not problems, "\n".join(problems)

    # What was compared covers every rule: all three resolutions, minted IDs, rejects.
    events = duckdb_outputs["event_sessions"]
    assert set(events["resolved_by"]) == {"payload", "cookie", "minted"}
    assert len(duckdb_outputs["rejected_events"]) > 0
    if source == "generated_file":
        assert len(events) > GENERATED_EVENTS * 0.9
