"""The report page: one HTML file with plotly.js inline (opens without a network), the
charts, a table of the numbers under each, and the numbers as JSON (for tests and tools)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from firstparty_sessions.report import charts
from firstparty_sessions.report.data import ReportData, load_report_data

STYLE = """
body { font-family: system-ui, sans-serif; margin: 24px; color: #1a202c; max-width: 1200px; }
h1 { font-size: 24px; } h2 { font-size: 18px; margin-top: 28px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
table { border-collapse: collapse; font-size: 12px; margin: 4px 0 12px; }
td, th { border: 1px solid #cbd5e0; padding: 2px 8px; text-align: right; }
th { background: #edf2f7; } td:first-child, th:first-child { text-align: left; }
.totals td { font-size: 16px; } .none { color: #718096; }
details summary { cursor: pointer; color: #4a5568; font-size: 12px; }
"""


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as plain JSON values (dates as YYYY-MM-DD)."""
    return [
        {column: _plain(value) for column, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _table(frame: pd.DataFrame, table_id: str, css_class: str = "") -> str:
    rows = records(frame)
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{'' if value is None else html.escape(_format(value))}</td>"
            for value in row.values()
        )
        + "</tr>"
        for row in rows
    )
    if not rows:
        body = f'<tr><td class="none" colspan="{len(frame.columns)}">none</td></tr>'
    return f'<table id="{table_id}" class="{css_class}"><tr>{head}</tr>{body}</table>'


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _figure(figure: go.Figure, first: bool) -> str:
    return str(
        figure.to_html(
            full_html=False,
            include_plotlyjs=first,
            config={"displayModeBar": False, "responsive": True},
        )
    )


def _section(title: str, figure: go.Figure, table: str, first: bool = False) -> str:
    return (
        f"<div><h2>{html.escape(title)}</h2>{_figure(figure, first)}"
        f"<details><summary>numbers</summary>{table}</details></div>"
    )


def numbers(data: ReportData) -> dict[str, list[dict[str, Any]]]:
    """Every number the page shows, by section (embedded in the page as JSON)."""
    return {name: records(getattr(data, name)) for name in data.__dataclass_fields__}


def render_report(data: ReportData, title: str = "Firstparty sessions: health report") -> str:
    """The page as one HTML string."""
    anomalies = data.anomalies
    sections = [
        _section("Resolution mix per day", charts.resolution_mix(data),
                 _table(data.resolution_by_day, "resolution_by_day"), first=True),
        _section("Payload statuses by Source", charts.statuses_by_source(data, "payload"),
                 _table(data.statuses_by_source, "statuses_by_source")),
        _section("Cookie statuses by Source", charts.statuses_by_source(data, "cookie"), ""),
        _section("Rejects by reason", charts.rejects_by_reason(data),
                 _table(data.rejects_by_reason, "rejects_by_reason")),
        _section("Session length (events)",
                 charts.distribution(data.session_lengths, "Sessions by number of events"),
                 _table(data.session_lengths, "session_lengths")),
        _section("Session duration",
                 charts.distribution(data.session_durations, "Sessions by duration"),
                 _table(data.session_durations, "session_durations")),
        _section("Cross-source share", charts.cross_source_share(data),
                 _table(data.cross_source_by_day, "cross_source_by_day")),
    ]  # fmt: skip
    payload = json.dumps(numbers(data), sort_keys=True).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"{_table(data.totals, 'totals', 'totals')}"
        f"<h2>Anomalies ({len(anomalies)})</h2>{_table(anomalies, 'anomalies')}"
        f'<div class="grid">{"".join(sections)}</div>'
        f'<script type="application/json" id="report-numbers">{payload}</script>'
        "</body></html>\n"
    )


def write_report(database: Path, out: Path) -> ReportData:
    """Reads `database` and writes the report page to `out`; returns what it showed."""
    data = load_report_data(database)
    out.write_text(render_report(data), encoding="utf-8")
    return data
