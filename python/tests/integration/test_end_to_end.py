"""dbt build on generated raw events gives exactly what the pandas reference gives.

The reference (firstparty_sessions.reference) is an independent implementation of
the contract in Python; here the whole pipeline (staging, dedup, resolution, marts) is checked
against it, every row and every column, in both modes, on realistic generated data with
re-deliveries, conflicts, malformed and hostile rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.io import write_raw_events
from firstparty_sessions.reference import resolve

from .dbt_project import DbtWorkspace
from .hostile import HOSTILE_ROWS, hostile_frame
from .outcomes import assert_outputs_equal

pytestmark = pytest.mark.slow

GENERATED_EVENTS = 20_000


@pytest.fixture(scope="module")
def raw_events() -> pd.DataFrame:
    generated = generate_raw_events(GENERATED_EVENTS, seed=7)
    return pd.concat([generated, hostile_frame()], ignore_index=True)


@pytest.fixture(scope="module")
def raw_file(raw_events: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("raw") / "raw_events.parquet"
    write_raw_events(raw_events, path)
    return path


@pytest.mark.parametrize("strict", [False, True], ids=["format", "known"])
def test_generated_events_match_the_reference(
    strict: bool, raw_events: pd.DataFrame, raw_file: Path, workspace: DbtWorkspace
) -> None:
    workspace.build(raw_file, strict=strict)
    outputs = workspace.outputs()
    assert_outputs_equal(outputs, resolve(raw_events, "known" if strict else "format"))
    # The data is rich enough to exercise every rule.
    events = outputs["event_sessions"]
    assert set(events["resolved_by"]) == {"payload", "cookie", "minted"}
    assert (events["delivery_count"] > 1).any()
    assert outputs["sessions"]["is_cross_source"].any()
    if strict:
        assert (events["payload_session_status"] == "unknown").any()


def test_hostile_rows_get_the_outcome_the_rules_give(
    raw_file: Path, workspace: DbtWorkspace
) -> None:
    """Each malformed, huge or hostile row: no crash, no silent drop, its own outcome."""
    workspace.build(raw_file)
    outputs = workspace.outputs()
    events = outputs["event_sessions"].set_index("event_id")
    rejects = outputs["rejected_events"]
    for row in HOSTILE_ROWS:
        if row.outcome.startswith("reject:"):
            reason = row.outcome.removeprefix("reject:")
            matching = rejects[
                (rejects["source_id"] == "src_hostile")
                & (rejects["reason"] == reason)
                & (rejects["payload"] == row.payload)
                & (rejects["received_at"].fillna("<null>") == (row.received_at or "<null>"))
                & (rejects["event_id"].fillna("<null>") == (row.event_id or "<null>"))
            ]
            assert len(matching) == 1, row.name
        else:
            resolved_by, payload_status, cookie_status = row.outcome.split("/")
            got = events.loc[row.event_id]
            assert (
                got["resolved_by"],
                got["payload_session_status"],
                got["cookie_session_status"],
            ) == (
                resolved_by,
                payload_status,
                cookie_status,
            ), row.name


def test_the_same_rows_give_the_same_outputs_from_csv_ndjson_and_a_table(
    raw_events: pd.DataFrame, tmp_path: Path
) -> None:
    """The three ways in (a file of each format, a warehouse table) are indistinguishable."""
    sample = pd.concat([raw_events.iloc[:3000], hostile_frame()], ignore_index=True)
    reference = resolve(sample)
    for extension in ("csv", "ndjson"):
        path = tmp_path / f"raw.{extension}"
        write_raw_events(sample, path)
        workspace = DbtWorkspace(tmp_path / extension)
        workspace.build(path)
        assert_outputs_equal(workspace.outputs(), reference)

    workspace = DbtWorkspace(tmp_path / "table")
    workspace.root.mkdir()
    parquet = tmp_path / "raw.parquet"
    write_raw_events(sample, parquet)
    with duckdb.connect(str(workspace.database)) as connection:
        connection.execute("create schema landing")
        connection.execute(
            f"create table landing.collector_events as select * from read_parquet('{parquet}')"
        )
    workspace.run(
        "build",
        "--vars",
        "{raw_events_schema: landing, raw_events_table: collector_events}",
    )
    assert_outputs_equal(workspace.outputs(), reference)
