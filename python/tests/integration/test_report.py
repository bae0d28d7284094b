"""The health report (`firstparty-sessions report`): one HTML file that needs no network,
whose numbers equal what SQL computes directly from the marts, and that Chromium renders."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from firstparty_sessions.cli import main
from firstparty_sessions.report.data import DURATION_BUCKETS, LENGTH_BUCKETS
from firstparty_sessions.report.screenshot import find_browser, screenshot

from .dbt_project import DbtWorkspace

pytestmark = pytest.mark.slow


class Links(HTMLParser):
    """Every src/href attribute, every stylesheet link and script tag of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.references.append((tag, value))


@pytest.fixture(scope="module")
def report(demo_workspace: DbtWorkspace) -> Path:
    out = demo_workspace.root / "report.html"
    assert main(["report", "--database", str(demo_workspace.database), "--out", str(out)]) == 0
    return out


def numbers(report: Path) -> dict[str, list[dict[str, Any]]]:
    page = report.read_text(encoding="utf-8")
    start = page.index('<script type="application/json" id="report-numbers">')
    body = page[page.index(">", start) + 1 : page.index("</script>", start)]
    data: dict[str, list[dict[str, Any]]] = json.loads(body.replace("<\\/", "</"))
    return data


def test_the_report_needs_no_network(report: Path) -> None:
    links = Links()
    links.feed(report.read_text(encoding="utf-8"))
    remote = [
        (tag, value)
        for tag, value in links.references
        if value.lower().startswith(("http:", "https:", "//"))
    ]
    assert remote == []
    assert links.scripts >= 2  # plotly.js inline, then the charts
    assert "plotly.js" in report.read_text(encoding="utf-8")[:2_000_000]


def test_the_report_numbers_equal_the_marts(report: Path, demo_workspace: DbtWorkspace) -> None:
    shown = numbers(report)
    events = demo_workspace.query("select * from event_sessions")
    sessions = demo_workspace.query("select * from sessions")
    rejects = demo_workspace.query("select * from rejected_events")

    totals = shown["totals"][0]
    assert totals["events"] == len(events)
    assert totals["deliveries"] == events["delivery_count"].sum()
    assert totals["rejects"] == len(rejects)
    assert totals["sessions"] == len(sessions)
    assert totals["cross_source_sessions"] == sessions["is_cross_source"].sum()

    # Resolution per day (UTC: the default reporting time zone).
    mix = pd.crosstab(events["received_on"].dt.strftime("%Y-%m-%d"), events["resolved_by"])
    assert {
        row["report_date"]: (row["payload"], row["cookie"], row["minted"])
        for row in shown["resolution_by_day"]
    } == {
        day: (int(r.get("payload", 0)), int(r.get("cookie", 0)), int(r.get("minted", 0)))
        for day, r in mix.iterrows()
    }

    by_reason = rejects["reason"].value_counts()
    assert {r["reason"]: r["rejects"] for r in shown["rejects_by_reason"]} == {
        reason: int(by_reason.get(reason, 0))
        for reason in (
            "missing_event_id",
            "missing_received_at",
            "unparseable_received_at",
            "received_at_out_of_range",
            "missing_load_marker",
        )
    }

    payload = events.groupby(["source_id", "payload_session_status"]).size()
    shown_payload = {
        (r["source_id"], r["status"]): r["events"]
        for r in shown["statuses_by_source"]
        if r["kind"] == "payload" and r["events"] > 0
    }
    assert shown_payload == {key: int(n) for key, n in payload.items()}

    count = sessions["event_count"]
    lengths = [
        int(((count >= low) & (count <= (high if high is not None else count.max()))).sum())
        for _, low, high in LENGTH_BUCKETS
    ]
    assert [r["sessions"] for r in shown["session_lengths"]] == lengths
    seconds = (sessions["updated_at"] - sessions["created_at"]).dt.total_seconds()
    durations = [
        int(((seconds >= low) & (seconds < (high if high is not None else float("inf")))).sum())
        for _, low, high in DURATION_BUCKETS
    ]
    assert [r["sessions"] for r in shown["session_durations"]] == durations
    assert sum(durations) == len(sessions)

    created = sessions.groupby(sessions["created_on"].dt.strftime("%Y-%m-%d"))["is_cross_source"]
    assert {r["report_date"]: r["cross_source_share"] for r in shown["cross_source_by_day"]} == (
        pytest.approx(created.mean().to_dict())
    )
    anomalies = demo_workspace.query("select count(*) as n from health_anomalies")["n"].iloc[0]
    assert len(shown["anomalies"]) == anomalies


def test_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    for database, expected in (
        (tmp_path / "missing.duckdb", "no such database file"),
        (empty, "build the project first"),
    ):
        code = main(["report", "--database", str(database), "--out", str(tmp_path / "r.html")])
        error = capsys.readouterr().err
        assert code == 2
        assert expected in error
        assert error.count("\n") == 1


@pytest.mark.skipif(
    find_browser() is None, reason="no Chromium on PATH (apt-get install chromium to run it)"
)
def test_chromium_renders_the_report(report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    screenshot(report, png, width=1000, height=1400)
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 1000
    assert int.from_bytes(header[20:24], "big") == 1400
    assert png.stat().st_size > 20_000  # charts drawn, not a blank page
