"""Several scheduled runs over generated data equal one full rebuild, and so does a run
after rows landing months late and exact copies of old rows (an at-least-once loader).

The generated rows (with re-deliveries, rejects, hostile values) land in five batches by
received_at, as a collector's export would, except that some rows near the end of each
batch's time range land one batch late.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.reference import resolve

from .dbt_project import OUTPUTS
from .outcomes import assert_outputs_equal
from .scheduled import (
    RUN_SELECTION,
    InProcessDbt,
    file_landing_vars,
    land,
    land_file,
    landing_vars,
    missed_events,
    query,
)

pytestmark = pytest.mark.slow

GENERATED_EVENTS = 20_000
RUNS = 5


def landing_batches(raw: pd.DataFrame, runs: int, seed: int) -> list[pd.DataFrame]:
    """`raw` split by received_at into `runs` batches; half the rows received in the
    last 24 hours of a batch's range land in the next batch instead (late). Rows without
    a readable received_at land anywhere."""
    rng = np.random.default_rng(seed)
    times = pd.to_datetime(raw["received_at"], errors="coerce", format="mixed")
    readable = times.notna().to_numpy()
    bounds = times[readable].quantile([n / runs for n in range(1, runs)]).to_list()
    batch = np.searchsorted(np.array(bounds, dtype="datetime64[us]"), times.to_numpy(), "right")
    batch[~readable] = rng.integers(0, runs, size=int((~readable).sum()))
    for number, bound in enumerate(bounds):
        near_end = (
            readable
            & (batch == number)
            & (times >= bound - pd.Timedelta(hours=24)).to_numpy()
            & (rng.random(len(raw)) < 0.5)
        )
        batch[near_end] = number + 1
    return [raw[batch == n].reset_index(drop=True) for n in range(runs)]


@pytest.fixture(scope="module")
def raw_events() -> pd.DataFrame:
    return generate_raw_events(GENERATED_EVENTS, seed=11)


@pytest.fixture(scope="module")
def dbt(tmp_path_factory: pytest.TempPathFactory) -> InProcessDbt:
    return InProcessDbt(tmp_path_factory.mktemp("scheduled_runs"))


def outputs(database: Path) -> dict[str, pd.DataFrame]:
    return {name: query(database, f"select * from {name}") for name in OUTPUTS}


def rows_read_by_the_run(database: Path) -> int:
    return int(query(database, "select count(*) as n from int_raw_rows__this_run")["n"].iloc[0])


def rows_of_events(raw: pd.DataFrame, batch: pd.DataFrame) -> int:
    """How many raw rows (of all landed so far) share an event_id with `batch` (null
    event_ids are one group): what a run without a load column reads in full."""
    keys = raw["event_id"].fillna("")
    return int(keys.isin(set(batch["event_id"].fillna(""))).sum())


@pytest.mark.parametrize(
    ("strict", "landing"),
    [(False, "by-count"), (True, "by-load"), (False, "by-file")],
    ids=["format-by-count", "known-by-load", "format-by-file"],
)
def test_several_scheduled_runs_equal_a_full_rebuild(
    strict: bool, landing: str, raw_events: pd.DataFrame, dbt: InProcessDbt, tmp_path: Path
) -> None:
    """by-count: a landing table without a load column; by-load: with one; by-file: a
    folder of Parquet files, each file a load (raw_events_load_column: filename)."""
    batches = landing_batches(raw_events, RUNS, seed=3)
    late_rows = sum(
        int((pd.to_datetime(b["received_at"], errors="coerce", format="mixed")
             < pd.to_datetime(a["received_at"], errors="coerce", format="mixed").max()).sum())
        for a, b in itertools.pairwise(batches)
    )  # fmt: skip
    assert late_rows > 50, "some rows must land after later rows were processed"

    database = tmp_path / "warehouse.duckdb"
    folder = tmp_path / "landing"
    by_load = landing != "by-count"
    if landing == "by-file":
        dbt_vars = file_landing_vars(folder, strict)
    else:
        dbt_vars = landing_vars(strict, by_load)

    def land_batch(rows: pd.DataFrame) -> None:
        if landing == "by-file":
            land_file(folder, rows)
        else:
            land(database, rows)

    sessions_seen = []
    for number, batch in enumerate(batches):
        land_batch(batch)
        dbt.run(database, dbt_vars)
        sessions_seen.append(query(database, "select count(*) as n from sessions")["n"].iloc[0])
        # What the run read: with the load column, exactly the new load (by file: the new
        # file, the others not opened); without, every row of the event_ids it brought.
        landed = pd.concat(batches[: number + 1], ignore_index=True)
        expected = len(batch) if by_load or number == 0 else rows_of_events(landed, batch)
        assert rows_read_by_the_run(database) == expected
    assert sessions_seen == sorted(sessions_seen)
    assert sessions_seen[0] < sessions_seen[-1]
    reference = resolve(pd.concat(batches, ignore_index=True), "known" if strict else "format")
    assert_outputs_equal(outputs(database), reference)
    assert missed_events(dbt, database, dbt_vars).empty

    # Then a landing of rows months older than everything processed: a new event, a
    # re-delivery of the oldest event with an older received_at, and 1% of all rows landed
    # again as exact copies. The next scheduled run counts every one of them.
    times = pd.to_datetime(raw_events["received_at"], errors="coerce", format="mixed")
    accepted = raw_events["event_id"].str.strip().str.len().fillna(0).gt(0) & times.gt(
        pd.Timestamp("2000-01-01")
    )
    oldest = raw_events.loc[times[accepted].idxmin()]
    late = pd.DataFrame(
        [
            {
                "event_id": "ev_months_late",
                "source_id": "web",
                "source_type": "javascript",
                "received_at": "2026-01-01 00:00:00",
                "payload": '{"event": "page_view"}',
                "cookie": None,
            },
            {**oldest.to_dict(), "source_id": "late_copy", "received_at": "2025-12-31 23:00:00"},
        ]
    )
    copies = raw_events.sample(frac=0.01, random_state=5)
    land_batch(pd.concat([late, copies], ignore_index=True))
    statements: list[str] = []
    # A scheduled build: the run, the data tests of its rows and the unit tests, on a
    # database built with this input (a load column of another type than the units').
    assert dbt.invoke(
        database,
        dbt_vars,
        "build",
        "--select",
        *RUN_SELECTION,
        callbacks=[lambda event: statements.append(str(getattr(event.data, "sql", "") or ""))],
    )
    if by_load:
        assert rows_read_by_the_run(database) == len(late) + len(copies)
    if landing == "by-file":
        # The input check reads the new file, and no file processed before.
        *processed, newest = sorted(path.name for path in folder.glob("*.parquet"))
        assert any(newest in sql for sql in statements)
        assert not any(name in sql for sql in statements for name in processed)
    every_row = pd.concat([*batches, late, copies], ignore_index=True)
    assert_outputs_equal(outputs(database), resolve(every_row, "known" if strict else "format"))
    assert missed_events(dbt, database, dbt_vars).empty

    # The daily health model after these scheduled runs equals a --full-refresh over the
    # same raw rows, every row and column.
    health = sorted_health(database)
    assert health["events"].sum() == len(outputs(database)["event_sessions"])
    dbt.run(database, dbt_vars, "--full-refresh")
    pd.testing.assert_frame_equal(health, sorted_health(database))


def sorted_health(database: Path) -> pd.DataFrame:
    health = query(database, "select * from daily_source_health")
    keys = ["report_date", "source_id", "source_type"]
    return health.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("landing", ["by-load", "by-file"])
def test_runs_stopped_after_the_fold_count_no_delivery_twice(
    landing: str, raw_events: pd.DataFrame, dbt: InProcessDbt, tmp_path: Path
) -> None:
    """A run that folds a load into the stored events and stops (only the first state
    models run, so no manifest row) leaves its number to the next run. Between two such
    runs a load lands that re-delivers events of the stopped run's load; the normal run
    after them counts every delivery once (by file: the files keep the order they were
    taken in, so the fold tells the stopped run's file from the new one)."""
    history, stopped, later = landing_batches(raw_events, 3, seed=8)
    redelivered = stopped.dropna(subset=["event_id"]).sample(n=200, random_state=2)
    later = pd.concat([later, redelivered], ignore_index=True)
    database = tmp_path / "warehouse.duckdb"
    folder = tmp_path / "landing"
    dbt_vars = (
        file_landing_vars(folder, strict=False)
        if landing == "by-file"
        else landing_vars(strict=False, by_load=True)
    )

    def land_batch(rows: pd.DataFrame) -> None:
        if landing == "by-file":
            land_file(folder, rows)
        else:
            land(database, rows)

    land_batch(history)
    dbt.run(database, dbt_vars)
    first_half = ("int_raw_rows__units", "int_raw_rows__this_run", "int_events__deduplicated")
    for batch in (stopped, later):
        land_batch(batch)
        assert dbt.invoke(database, dbt_vars, "run", "--select", *first_half)
        runs = query(database, "select run_seq from int_runs__manifest")["run_seq"].tolist()
        assert runs == [1], "a partial run completes no run"
    dbt.run(database, dbt_vars)
    every_row = pd.concat([history, stopped, later], ignore_index=True)
    assert_outputs_equal(outputs(database), resolve(every_row, "format"))
