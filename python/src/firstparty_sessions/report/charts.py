"""The report's charts (plotly figures), one per section."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from firstparty_sessions.report.data import ReportData

#: Colours of the three resolutions, the same in every chart.
RESOLUTION_COLOURS = {"payload": "#2b6cb0", "cookie": "#38a169", "minted": "#dd6b20"}
LAYOUT = {"height": 320, "margin": {"l": 50, "r": 20, "t": 40, "b": 40}, "barmode": "stack"}


def _days(frame: pd.DataFrame) -> list[str]:
    return [pd.Timestamp(day).strftime("%Y-%m-%d") for day in frame["report_date"]]


def resolution_mix(data: ReportData) -> go.Figure:
    frame = data.resolution_by_day
    figure = go.Figure(
        [
            go.Bar(name=name, x=_days(frame), y=frame[name], marker_color=colour)
            for name, colour in RESOLUTION_COLOURS.items()
        ]
    )
    return figure.update_layout(title="Events per day by resolution", **LAYOUT)


def statuses_by_source(data: ReportData, kind: str) -> go.Figure:
    frame = data.statuses_by_source[data.statuses_by_source["kind"] == kind]
    frame = frame[frame["events"] > 0]
    figure = go.Figure(
        [
            go.Bar(name=status, x=rows["source_id"], y=rows["events"])
            for status, rows in frame.groupby("status", sort=True)
        ]
    )
    return figure.update_layout(title=f"{kind.capitalize()} session status by Source", **LAYOUT)


def rejects_by_reason(data: ReportData) -> go.Figure:
    frame = data.rejects_by_reason
    figure = go.Figure(go.Bar(x=frame["reason"], y=frame["rejects"], marker_color="#c53030"))
    return figure.update_layout(title="Rejected rows by reason", **LAYOUT)


def distribution(frame: pd.DataFrame, title: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=frame["bucket"], y=frame["sessions"], marker_color="#553c9a"))
    return figure.update_layout(title=title, **LAYOUT)


def cross_source_share(data: ReportData) -> go.Figure:
    frame = data.cross_source_by_day
    figure = go.Figure(
        go.Scatter(
            x=_days(frame), y=frame["cross_source_share"], mode="lines+markers", name="share"
        )
    )
    figure.update_yaxes(range=[0, 1], tickformat=".0%")
    return figure.update_layout(title="Cross-source share of new sessions", **LAYOUT)
