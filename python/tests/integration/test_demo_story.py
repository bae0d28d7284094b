"""The bundled demo seed, built by dbt, gives the outcome the story promises.

tests/fixtures/demo_expected.csv was written by hand from docs/demo_story.md and the
rules, before the models existed: it names, for every event, how it must be resolved
and which events must share a session (labels, not IDs), in both modes.
"""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from .dbt_project import PROJECT_DIR, DbtWorkspace

EXPECTED = pd.read_csv(
    PROJECT_DIR / "tests" / "fixtures" / "demo_expected.csv", dtype=str, keep_default_na=False
)


@pytest.fixture(scope="module", params=[False, True], ids=["format", "known"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[bool, dict[str, pd.DataFrame]]:
    strict = bool(request.param)
    workspace = DbtWorkspace(tmp_path_factory.mktemp("demo"))
    workspace.build(strict=strict)
    return strict, workspace.outputs()


def expected_events() -> pd.DataFrame:
    return EXPECTED[EXPECTED["expected"] == "event"].set_index("event_id")


def test_every_story_event_is_resolved_as_told(demo: tuple[bool, dict[str, pd.DataFrame]]) -> None:
    strict, outputs = demo
    expected = expected_events()
    actual = outputs["event_sessions"].set_index("event_id")
    assert sorted(actual.index) == sorted(expected.index)
    resolved_column = "resolved_by_strict" if strict else "resolved_by"
    for event_id, row in expected.iterrows():
        got = actual.loc[event_id]
        assert got["resolved_by"] == row[resolved_column], event_id
        assert got["cookie_session_status"] == row["cookie_session_status"], event_id
        assert int(got["delivery_count"]) == int(row["delivery_count"]), event_id
        if not strict:
            assert got["payload_session_status"] == row["payload_session_status"], event_id
        elif row["payload_session_status"] == "valid" and got["resolved_by"] != "payload":
            assert got["payload_session_status"] == "unknown", event_id


def test_events_share_sessions_exactly_as_the_story_groups_them(
    demo: tuple[bool, dict[str, pd.DataFrame]],
) -> None:
    strict, outputs = demo
    expected = expected_events()
    label_column = "session_label_strict" if strict else "session_label"
    sessions_by_label: dict[str, set[str]] = {}
    labels_by_session: dict[str, set[str]] = {}
    for row in outputs["event_sessions"].itertuples():
        label = expected.loc[row.event_id, label_column]
        sessions_by_label.setdefault(label, set()).add(str(row.session_id))
        labels_by_session.setdefault(str(row.session_id), set()).add(label)
    assert all(len(ids) == 1 for ids in sessions_by_label.values()), sessions_by_label
    assert all(len(labels) == 1 for labels in labels_by_session.values()), labels_by_session
    assert len(outputs["sessions"]) == len(sessions_by_label)


def test_rejected_rows_match_the_story(demo: tuple[bool, dict[str, pd.DataFrame]]) -> None:
    _, outputs = demo
    expected = Counter(
        reason.removeprefix("reject:")
        for reason in EXPECTED.loc[EXPECTED["expected"] != "event", "expected"]
    )
    assert Counter(outputs["rejected_events"]["reason"]) == expected


def test_the_first_visit_has_the_spec_worked_example_id(
    demo: tuple[bool, dict[str, pd.DataFrame]],
) -> None:
    """ev_0001 is the worked example of docs/contract.md: received 2026-11-01 12:00:00.123."""
    _, outputs = demo
    events = outputs["event_sessions"].set_index("event_id")
    assert events.loc["ev_0001", "session_id"] == "01a196fb-167b-8fc8-825d-604e7d01a261"


def test_demo_raw_rows_are_all_accounted_for(demo: tuple[bool, dict[str, pd.DataFrame]]) -> None:
    _, outputs = demo
    with (PROJECT_DIR / "seeds" / "raw_events.csv").open(encoding="utf-8", newline="") as seed:
        raw_rows = sum(1 for _ in csv.reader(seed)) - 1
    delivered = int(outputs["event_sessions"]["delivery_count"].sum())
    assert delivered + len(outputs["rejected_events"]) == raw_rows
