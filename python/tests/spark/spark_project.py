"""Running this repository's dbt project on Spark (dbt-spark, `method: session`) from tests.

Spark is not in the project venv: `scripts/spark_parity.sh` installs dbt-spark into
`.venv-spark` and names its dbt in FIRSTPARTY_SPARK_DBT. Each workspace is its own working
folder, so its `spark-warehouse/` and `metastore_db/` (where session mode keeps the
tables) belong to it alone.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ..integration.dbt_project import OUTPUTS, dbt_vars, project_arguments

SPARK_DBT_VARIABLE = "FIRSTPARTY_SPARK_DBT"
SCHEMA = "firstparty"


def spark_dbt() -> str | None:
    """The dbt of the Spark venv, or None when the Spark target is not installed."""
    return os.environ.get(SPARK_DBT_VARIABLE) or None


@dataclass(frozen=True)
class SparkWorkspace:
    """A working folder (Spark's warehouse and metastore) and dbt's target/log folders."""

    root: Path
    dbt: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Runs `dbt ARGS` on the project with the spark target, in this workspace."""
        self.root.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "FIRSTPARTY_TARGET": "spark", "FIRSTPARTY_SPARK_SCHEMA": SCHEMA}
        command = [self.dbt, *args, *project_arguments(self.root)]
        result = subprocess.run(
            command, env=env, cwd=self.root, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise AssertionError(
                f"dbt {' '.join(args)} on spark failed ({result.returncode}):\n"
                f"{result.stdout[-8000:]}"
            )
        return result

    def build(self, raw_events_path: Path | None = None, strict: bool = False) -> None:
        """`dbt build --full-refresh` (models, seed, data and unit tests) on Spark."""
        self.run("build", "--full-refresh", "--vars", dbt_vars(raw_events_path, strict))

    def table(self, name: str) -> pd.DataFrame:
        """A table as Spark wrote it: the parquet files of its folder in the warehouse."""
        folder = self.root / "spark-warehouse" / f"{SCHEMA}.db" / name
        return pq.read_table(folder).to_pandas()

    def outputs(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name) for name in OUTPUTS}
