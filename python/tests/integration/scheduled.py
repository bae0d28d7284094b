"""Helpers for the scheduled-run tests: raw rows landing batch by batch in a warehouse
table, and dbt run in-process after each batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner
from dbt_common.events.base_types import EventMsg

from firstparty_sessions.reference import RAW_COLUMNS

from .dbt_project import project_arguments

LANDING_SCHEMA = "landing"
LANDING_TABLE = "raw_events"
#: The landing table's load column: a sequence number per load, as loaders write.
LOAD_COLUMN = "_loaded_at"
#: The models a scheduled run needs (no seeds, no tests): the marts and what feeds them,
#: the run state included.
RUN_SELECTION = (
    "+event_sessions",
    "+sessions",
    "+rejected_events",
    "+daily_source_health",
    "+health_anomalies",
)


def landing_vars(strict: bool, by_load: bool = False) -> str:
    """The vars of a scheduled run on the landing table; `by_load`: with its load column."""
    load = f", raw_events_load_column: {LOAD_COLUMN}" if by_load else ""
    return (
        "{"
        f"raw_events_schema: {LANDING_SCHEMA}, raw_events_table: {LANDING_TABLE}, "
        f"session_id_validation: {'known' if strict else 'format'}{load}"
        "}"
    )


def file_landing_vars(folder: Path, strict: bool) -> str:
    """The vars of a scheduled run on the Parquet files of `folder`, each file a load."""
    return (
        "{"
        f"raw_events_path: '{folder}/*.parquet', raw_events_load_column: filename, "
        f"session_id_validation: {'known' if strict else 'format'}"
        "}"
    )


def land_file(folder: Path, rows: pd.DataFrame) -> Path:
    """Writes raw rows (the six raw columns, text) as the next Parquet file of `folder`
    (load_0001.parquet, load_0002.parquet, ...), as a loader drops files."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"load_{len(list(folder.glob('*.parquet'))) + 1:04d}.parquet"
    rows[list(RAW_COLUMNS)].astype("string").to_parquet(path, index=False)
    return path


def land(database: Path, rows: pd.DataFrame) -> None:
    """Appends raw rows (the six raw columns, text) to the landing table as one load: its
    load column (a loader's sequence number, ignored unless configured) is one more than
    the previous load's."""
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"create schema if not exists {LANDING_SCHEMA}")
        connection.execute(
            f"create table if not exists {LANDING_SCHEMA}.{LANDING_TABLE} ("
            + ", ".join(f"{column} varchar" for column in RAW_COLUMNS)
            + f", {LOAD_COLUMN} bigint)"
        )
        batch = rows[list(RAW_COLUMNS)].astype(object)
        connection.register("batch", batch)
        connection.execute(
            f"insert into {LANDING_SCHEMA}.{LANDING_TABLE} "
            f"select {', '.join(RAW_COLUMNS)}, "
            f"(select coalesce(max({LOAD_COLUMN}), 0) + 1 from {LANDING_SCHEMA}.{LANDING_TABLE}) "
            "from batch"
        )
        connection.unregister("batch")


@dataclass
class InProcessDbt:
    """dbt run in this process, the project parsed once per set of vars (measured: about
    0.7 s per run on small data, against about 5 s for a `dbt` subprocess)."""

    root: Path
    manifests: dict[str, Any] = field(default_factory=dict)

    def common_arguments(self) -> list[str]:
        return [*project_arguments(self.root), "--quiet"]

    def manifest(self, dbt_vars: str) -> Any:
        """The project parsed with these vars (once)."""
        if dbt_vars not in self.manifests:
            parsed = dbtRunner().invoke(["parse", "--vars", dbt_vars, *self.common_arguments()])
            assert parsed.success, parsed.exception
            self.manifests[dbt_vars] = parsed.result
        return self.manifests[dbt_vars]

    def invoke(
        self,
        database: Path,
        dbt_vars: str,
        *args: str,
        callbacks: Sequence[Callable[[EventMsg], None]] = (),
    ) -> bool:
        """Runs `dbt ARGS --vars VARS` against `database`; True when it succeeded.
        `callbacks` receive dbt's events (every level). The database file must be called
        warehouse.duckdb (the manifest names it)."""
        os.environ["FIRSTPARTY_DUCKDB_PATH"] = str(database)
        manifest = self.manifest(dbt_vars)
        try:
            result = dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(
                [*args, "--vars", dbt_vars, *self.common_arguments()]
            )
        finally:
            close_duckdb()
        return bool(result.success)

    def run(self, database: Path, dbt_vars: str, *extra: str) -> None:
        assert self.invoke(database, dbt_vars, "run", "--select", *RUN_SELECTION, *extra), (
            f"dbt run {' '.join(extra)} failed"
        )


def close_duckdb() -> None:
    """Closes the DuckDB database dbt-duckdb keeps open in this process after a run, so
    that the tests (and the next example) can open the file."""
    manager: Any = DuckDBConnectionManager
    with manager._LOCK:
        if manager._ENV is not None:
            manager._ENV.close()
            manager._ENV = None


def query(database: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).df()


def missed_events(dbt: InProcessDbt, database: Path, dbt_vars: str) -> pd.DataFrame:
    """Runs the singular test assert_no_raw_row_missed_by_incremental_runs and returns
    the rows it reports (stored with --store-failures)."""
    dbt.invoke(
        database,
        dbt_vars,
        "test",
        "--select",
        "assert_no_raw_row_missed_by_incremental_runs",
        "--store-failures",
    )
    return query(
        database,
        "select * from main_dbt_test__audit.assert_no_raw_row_missed_by_incremental_runs",
    )
