"""The health report: one self-contained HTML file (charts and tables, plotly.js inline)
written from the DuckDB tables the dbt project builds (``firstparty-sessions report``)."""

from firstparty_sessions.report.data import ReportData, load_report_data
from firstparty_sessions.report.page import render_report, write_report

__all__ = ["ReportData", "load_report_data", "render_report", "write_report"]
