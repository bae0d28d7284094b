"""`dbt source freshness` on a landing table judges the newest received_at (text, read
with a cast): error after 24 hours, warning after 3, pass otherwise; garbage text is
ignored, not an error."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from .dbt_project import DbtWorkspace
from .scheduled import land, landing_vars

pytestmark = pytest.mark.slow


def row(event_id: str, received_at: str) -> dict[str, str | None]:
    return {
        "event_id": event_id,
        "source_id": "web",
        "source_type": "javascript",
        "received_at": received_at,
        "payload": '{"event": "page_view"}',
        "cookie": None,
    }


def freshness(workspace: DbtWorkspace) -> str:
    workspace.run(
        "source", "freshness", "--select", "source:firstparty", "--vars", landing_vars(False),
        check=False,
    )  # fmt: skip
    results = json.loads((workspace.root / "target" / "sources.json").read_text())["results"]
    assert len(results) == 1
    return str(results[0]["status"])


def test_freshness_follows_the_newest_received_at(workspace: DbtWorkspace) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)

    def at(hours_ago: float) -> str:
        return (now - timedelta(hours=hours_ago)).isoformat(sep=" ", timespec="seconds")

    statuses = []
    for number, hours_ago in enumerate((48.0, 5.0, 0.5)):
        rows = [row(f"ev_{number}", at(hours_ago)), row(f"bad_{number}", "not a time")]
        land(workspace.database, pd.DataFrame(rows))
        statuses.append(freshness(workspace))
    assert statuses == ["error", "warn", "pass"]
