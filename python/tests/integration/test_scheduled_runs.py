"""Several scheduled runs over generated data equal one full rebuild; a row landing later
than the window is named by a dbt test and repaired by --full-refresh.

The generated rows (with re-deliveries, rejects, hostile values) land in five batches by
received_at, as a collector's export would, except that some rows near the end of each
batch's time range land one batch late (inside the late_arrival_hours window).
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
    InProcessDbt,
    events_missed_by_window,
    land,
    landing_vars,
    missed_events,
    query,
)

GENERATED_EVENTS = 20_000
RUNS = 5
LATE_ARRIVAL_HOURS = 48


def landing_batches(raw: pd.DataFrame, runs: int, seed: int) -> list[pd.DataFrame]:
    """`raw` split by received_at into `runs` batches; half the rows received in the
    last 24 hours of a batch's range land in the next batch instead (late, but inside
    the 48-hour window). Rows without a readable received_at land anywhere."""
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


@pytest.mark.parametrize("strict", [False, True], ids=["format", "known"])
def test_several_scheduled_runs_equal_a_full_rebuild(
    strict: bool, raw_events: pd.DataFrame, dbt: InProcessDbt, tmp_path: Path
) -> None:
    batches = landing_batches(raw_events, RUNS, seed=3)
    late_rows = sum(
        int((pd.to_datetime(b["received_at"], errors="coerce", format="mixed")
             < pd.to_datetime(a["received_at"], errors="coerce", format="mixed").max()).sum())
        for a, b in itertools.pairwise(batches)
    )  # fmt: skip
    assert late_rows > 50, "some rows must land after later rows were processed"
    assert not events_missed_by_window(batches, LATE_ARRIVAL_HOURS)

    database = tmp_path / "warehouse.duckdb"
    dbt_vars = landing_vars(strict, LATE_ARRIVAL_HOURS)
    sessions_seen = []
    for batch in batches:
        land(database, batch)
        dbt.run(database, dbt_vars)
        sessions_seen.append(query(database, "select count(*) as n from sessions")["n"].iloc[0])
    assert sessions_seen == sorted(sessions_seen)
    assert sessions_seen[0] < sessions_seen[-1]
    reference = resolve(pd.concat(batches, ignore_index=True), "known" if strict else "format")
    assert_outputs_equal(outputs(database), reference)
    assert missed_events(dbt, database, dbt_vars).empty

    # A row received long before the window (and a re-delivery of an old event with an
    # old received_at): not picked up by a scheduled run, but never lost silently.
    times = pd.to_datetime(raw_events["received_at"], errors="coerce", format="mixed")
    accepted = raw_events["event_id"].str.strip().str.len().fillna(0).gt(0) & times.gt(
        pd.Timestamp("2000-01-01")
    )
    oldest = raw_events.loc[times[accepted].idxmin()]
    beyond = pd.DataFrame(
        [
            {
                "event_id": "ev_beyond_window",
                "source_id": "web",
                "source_type": "javascript",
                "received_at": "2026-01-01 00:00:00",
                "payload": '{"event": "page_view"}',
                "cookie": None,
            },
            {**oldest.to_dict(), "source_id": "late_copy"},
        ]
    )
    land(database, beyond)
    dbt.run(database, dbt_vars)
    reported = missed_events(dbt, database, dbt_vars)
    assert set(reported["event_id"]) == {"ev_beyond_window", oldest["event_id"]}
    assert not dbt.invoke(
        database, dbt_vars, "test", "--select", "assert_no_raw_row_missed_by_incremental_runs"
    )

    dbt.run(database, dbt_vars, "--full-refresh")
    every_row = pd.concat([*batches, beyond], ignore_index=True)
    assert_outputs_equal(outputs(database), resolve(every_row, "known" if strict else "format"))
    assert missed_events(dbt, database, dbt_vars).empty
