"""Running this repository's dbt project from tests, each run in its own database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[3]
DBT = str(Path(sys.executable).with_name("dbt"))
OUTPUTS = ("event_sessions", "sessions", "rejected_events")
SORT_KEYS = {
    "event_sessions": ["event_id"],
    "sessions": ["session_id"],
    "rejected_events": ["event_id", "source_id", "source_type", "received_at", "payload", "reason"],
}


def project_arguments(root: Path) -> list[str]:
    """The dbt arguments that point at this project and keep dbt's files under `root`."""
    return [
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(root / "target"),
        "--log-path",
        str(root / "logs"),
    ]


@dataclass(frozen=True)
class DbtWorkspace:
    """A DuckDB file and dbt target/log folders that belong to one test."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "warehouse.duckdb"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Runs `dbt ARGS` on the project against this workspace's database."""
        self.root.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "FIRSTPARTY_DUCKDB_PATH": str(self.database)}
        command = [DBT, *args, *project_arguments(self.root)]
        result = subprocess.run(
            command, env=env, cwd=self.root, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"dbt {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-8000:]}"
            )
        return result

    def build(self, raw_events_path: Path | None = None, strict: bool = False) -> None:
        """`dbt build --full-refresh` on a raw file (or the demo seed)."""
        self.run("build", "--full-refresh", "--vars", dbt_vars(raw_events_path, strict))

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql).df()

    def outputs(self) -> dict[str, pd.DataFrame]:
        """The three output tables, each sorted by its key."""
        return {name: self.query(f"select * from {name}") for name in OUTPUTS}

    def view_sql(self, view: str) -> str:
        """The SQL DuckDB holds for the view `view` (what the model compiled to)."""
        found = self.query(f"select sql from duckdb_views() where view_name = '{view}'")
        return str(found["sql"].iloc[0])


def dbt_vars(raw_events_path: Path | None = None, strict: bool = False) -> str:
    variables = [f"session_id_validation: {'known' if strict else 'format'}"]
    if raw_events_path is not None:
        variables.append(f"raw_events_path: '{raw_events_path}'")
    return "{" + ", ".join(variables) + "}"


def as_records(
    frame: pd.DataFrame, columns: Sequence[str], keys: Sequence[str]
) -> list[tuple[object, ...]]:
    """Rows as tuples of plain values (None for every kind of null, timestamps as ISO text),
    sorted by `keys` with nulls first: a form two engines' outputs can be compared in."""

    def plain(value: object) -> object:
        if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            value = pd.Timestamp(value)  # a DATE: as DuckDB returns it, midnight
        if isinstance(value, pd.Timestamp):
            return value.isoformat(sep=" ", timespec="microseconds")
        if hasattr(value, "item"):
            return value.item()
        return value

    rows = [
        tuple(plain(value) for value in row) for row in frame[list(columns)].itertuples(index=False)
    ]
    key_positions = [list(columns).index(key) for key in keys]

    def sort_key(row: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
        return tuple((row[i] is not None, str(row[i])) for i in key_positions)

    return sorted(rows, key=sort_key)
