"""Helpers for the scheduled-run tests: raw rows landing batch by batch in a warehouse
table, dbt run in-process after each batch, and what the late-arrival window lets through.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

from firstparty_sessions.reference import RAW_COLUMNS
from firstparty_sessions.timestamps import parse_received_at
from firstparty_sessions.validation import WHITESPACE

from .dbt_project import project_arguments

LANDING_SCHEMA = "landing"
LANDING_TABLE = "raw_events"
#: The models a scheduled run needs (no seeds, no tests): the marts and what feeds them.
RUN_SELECTION = ("+event_sessions", "+sessions", "+rejected_events")


def landing_vars(strict: bool, late_arrival_hours: int = 48) -> str:
    return (
        "{"
        f"raw_events_schema: {LANDING_SCHEMA}, raw_events_table: {LANDING_TABLE}, "
        f"session_id_validation: {'known' if strict else 'format'}, "
        f"late_arrival_hours: {late_arrival_hours}"
        "}"
    )


def land(database: Path, rows: pd.DataFrame) -> None:
    """Appends raw rows (the six raw columns, text) to the landing table."""
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"create schema if not exists {LANDING_SCHEMA}")
        connection.execute(
            f"create table if not exists {LANDING_SCHEMA}.{LANDING_TABLE} ("
            + ", ".join(f"{column} varchar" for column in RAW_COLUMNS)
            + ")"
        )
        batch = rows[list(RAW_COLUMNS)].astype(object)
        connection.register("batch", batch)
        connection.execute(
            f"insert into {LANDING_SCHEMA}.{LANDING_TABLE} "
            f"select {', '.join(RAW_COLUMNS)} from batch"
        )
        connection.unregister("batch")


@dataclass
class InProcessDbt:
    """dbt run in this process, the project parsed once per set of vars (measured: about
    0.7 s per run on small data, against about 5 s for a `dbt` subprocess)."""

    root: Path
    manifests: dict[str, Any] = field(default_factory=dict)

    def _common(self) -> list[str]:
        return [*project_arguments(self.root), "--quiet"]

    def invoke(self, database: Path, dbt_vars: str, *args: str) -> bool:
        """Runs `dbt ARGS --vars VARS` against `database`; True when it succeeded.
        The database file must be called warehouse.duckdb (the manifest names it)."""
        os.environ["FIRSTPARTY_DUCKDB_PATH"] = str(database)
        if dbt_vars not in self.manifests:
            parsed = dbtRunner().invoke(["parse", "--vars", dbt_vars, *self._common()])
            assert parsed.success, parsed.exception
            self.manifests[dbt_vars] = parsed.result
        try:
            result = dbtRunner(manifest=self.manifests[dbt_vars]).invoke(
                [*args, "--vars", dbt_vars, *self._common()]
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


def accepted_micros(received_at: str | None, event_id: str | None) -> int | None:
    """The received_at of an accepted row in microseconds since 1970, None for a reject."""
    if event_id is None or not event_id.strip(WHITESPACE):
        return None
    moment, reason = parse_received_at(received_at)
    if reason is not None or moment is None:
        return None
    return int((moment - datetime(1970, 1, 1)) / timedelta(microseconds=1))


def events_missed_by_window(batches: Sequence[pd.DataFrame], late_arrival_hours: int) -> set[str]:
    """The event_ids whose rows a sequence of scheduled runs (one per batch, the first a
    full build) does not all count. A run recomputes, from every row landed so far, each
    event that has an accepted row landed so far (in this batch or an earlier one) at or
    after the cutoff: the latest received_at in event_sessions minus the window. An
    event is missed when a row of it landed after the last run that recomputed it."""
    window = late_arrival_hours * 3_600_000_000
    landed: dict[str, list[int]] = {}
    resolved_at: dict[str, int] = {}  # event_id -> event_sessions.received_at
    last_landing: dict[str, int] = {}
    last_pick: dict[str, int] = {}
    for number, batch in enumerate(batches):
        for event_id, received_at in _rows(batch):
            micros = accepted_micros(received_at, event_id)
            if micros is None or event_id is None:
                continue
            landed.setdefault(event_id, []).append(micros)
            last_landing[event_id] = number
        cutoff = max(resolved_at.values()) - window if resolved_at else None
        picked = {e for e, times in landed.items() if cutoff is None or max(times) >= cutoff}
        for event_id in picked:
            resolved_at[event_id] = min(landed[event_id])
            last_pick[event_id] = number
    return {e for e, n in last_landing.items() if last_pick.get(e, -1) < n}


def _rows(batch: pd.DataFrame) -> Iterable[tuple[str | None, str | None]]:
    for event_id, received_at in zip(batch["event_id"], batch["received_at"], strict=True):
        yield (
            None if event_id is None or pd.isna(event_id) else str(event_id),
            None if received_at is None or pd.isna(received_at) else str(received_at),
        )
