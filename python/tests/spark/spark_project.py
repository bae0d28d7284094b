"""Running this repository's dbt project on Spark (dbt-spark, `method: session`) from tests.

Spark is not in the project venv: `scripts/spark_parity.sh` installs dbt-spark into
`.venv-spark` and names its dbt in FIRSTPARTY_SPARK_DBT. Every Spark command of a test
session runs in one process (run_dbt_sequence.py), in one working folder: Spark starts
once, and its `spark-warehouse/` (the tables, as parquet, one folder per schema) and
`metastore_db/` belong to the tests alone.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..integration.dbt_project import OUTPUTS, project_arguments

SPARK_DBT_VARIABLE = "FIRSTPARTY_SPARK_DBT"
SEQUENCE_RUNNER = Path(__file__).with_name("run_dbt_sequence.py")


def spark_dbt() -> str | None:
    """The dbt of the Spark venv, or None when the Spark target is not installed."""
    return os.environ.get(SPARK_DBT_VARIABLE) or None


@dataclass
class SparkSession:
    """dbt commands collected, then run on Spark in one process; results by step name."""

    root: Path
    dbt: str
    steps: list[dict[str, object]] = field(default_factory=list)
    results: dict[str, dict[str, object]] = field(default_factory=dict)

    def add(
        self,
        name: str,
        schema: str,
        *args: str,
        after: str | None = None,
        copy: tuple[Path, Path] | None = None,
    ) -> None:
        """Queues `dbt ARGS` against schema `schema` (each case has its own), after
        copying file `copy[0]` to `copy[1]` when given."""
        self.steps.append(
            {
                "name": name,
                "args": [*args, *project_arguments(self.root / "dbt")],
                "env": {"FIRSTPARTY_SPARK_SCHEMA": schema},
                "after": after,
                "copy": None if copy is None else [str(copy[0]), str(copy[1])],
            }
        )

    def export(self, name: str, schema: str, *, after: str | None = None) -> None:
        """Queues writing the outputs of schema `schema` (the marts are views, read through
        Spark) as Parquet files, for `outputs`."""
        self.steps.append(
            {
                "name": name,
                "export": [
                    [f"{schema}.{output}", str(self.export_folder(schema, output))]
                    for output in OUTPUTS
                ],
                "after": after,
            }
        )

    def export_folder(self, schema: str, name: str) -> Path:
        return self.root / "exports" / schema / name

    def run(self) -> None:
        """Runs every queued step (Spark starts once) and records their results."""
        self.root.mkdir(parents=True, exist_ok=True)
        steps_file, results_file = self.root / "steps.json", self.root / "results.json"
        steps_file.write_text(json.dumps(self.steps))
        python = str(Path(self.dbt).with_name("python"))
        completed = subprocess.run(
            [python, str(SEQUENCE_RUNNER), str(steps_file), str(results_file)],
            env={**os.environ, "FIRSTPARTY_TARGET": "spark"},
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0 or not results_file.exists():
            raise AssertionError(
                f"the Spark session failed ({completed.returncode}):\n{completed.stderr[-8000:]}"
            )
        self.results = json.loads(results_file.read_text())

    def assert_succeeded(self, name: str) -> None:
        result = self.results[name]
        assert result["success"], f"dbt step {name} failed on spark: {result['error']}"

    def table(self, schema: str, name: str) -> pd.DataFrame:
        """A table as Spark wrote it: the parquet files of its folder, partition folders
        (state_partition=0) read back as columns."""
        return read_parquet_folder(self.root / "spark-warehouse" / f"{schema}.db" / name)

    def outputs(self, schema: str) -> dict[str, pd.DataFrame]:
        """The three outputs as exported by an `export` step of schema `schema`."""
        return {name: read_parquet_folder(self.export_folder(schema, name)) for name in OUTPUTS}


def read_parquet_folder(folder: Path) -> pd.DataFrame:
    """The rows of the Parquet files under `folder`; an empty frame without columns when
    there is none (Spark writes no file for an empty partitioned table)."""
    if not any(folder.glob("**/*.parquet")):
        return pd.DataFrame()
    with duckdb.connect() as connection:
        return connection.execute(
            "select * from read_parquet(?, hive_partitioning = true)",
            [str(folder / "**" / "*.parquet")],
        ).df()
