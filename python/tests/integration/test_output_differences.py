"""The output comparison used against the reference and across engines finds differences."""

from __future__ import annotations

import pandas as pd
import pytest

from .outcomes import COLUMNS, output_differences

pytestmark = pytest.mark.slow

MINTED = "019a3f1c-2b00-8d2e-9b1f-3a4c5d6e7f80"


def outputs(session_id: str, received_at: str = "2026-11-01 12:00:00") -> dict[str, pd.DataFrame]:
    event = dict.fromkeys(COLUMNS["event_sessions"], None)
    event.update(event_id="e1", session_id=session_id, resolved_by="minted", delivery_count=1)
    event["received_at"] = pd.Timestamp(received_at)
    session = dict.fromkeys(COLUMNS["sessions"], None)
    session.update(session_id=session_id, event_count=1, first_event_id="e1")
    return {
        name: pd.DataFrame(rows, columns=list(COLUMNS[name]))
        for name, rows in (
            ("event_sessions", [event]),
            ("sessions", [session]),
            ("rejected_events", []),
        )
    }


def test_equal_outputs_have_no_differences() -> None:
    assert output_differences(outputs(MINTED), outputs(MINTED), ("a", "b")) == []


def test_one_character_of_a_minted_id_is_a_difference() -> None:
    changed = MINTED[:-1] + "1"
    problems = output_differences(outputs(MINTED), outputs(changed), ("spark", "duckdb"))
    assert [problem.split(":")[0] for problem in problems] == ["event_sessions", "sessions"]


def test_a_microsecond_is_a_difference() -> None:
    later = outputs(MINTED, "2026-11-01 12:00:00.000001")
    problems = output_differences(outputs(MINTED), later, ("spark", "duckdb"))
    assert [problem.split(":")[0] for problem in problems] == ["event_sessions"]


def test_a_missing_row_is_a_difference() -> None:
    fewer = outputs(MINTED)
    fewer["sessions"] = fewer["sessions"].iloc[:0]
    problems = output_differences(outputs(MINTED), fewer, ("spark", "duckdb"))
    assert problems == ["sessions: 1 rows (spark), 0 (duckdb)"]
