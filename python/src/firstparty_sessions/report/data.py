"""What the health report shows, read from the built tables (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import duckdb
import pandas as pd

#: The relations the report reads, all built by `dbt build`.
REQUIRED_TABLES: Final = ("daily_source_health", "health_anomalies", "sessions")
#: Session length buckets (events): label, smallest, largest (inclusive; None: no bound).
LENGTH_BUCKETS: Final = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3-5", 3, 5),
    ("6-10", 6, 10),
    ("11-100", 11, 100),
    ("101-10,000", 101, 10_000),
    (">10,000", 10_001, None),
)
#: Session duration buckets (seconds): label, lower bound (inclusive), upper (exclusive).
DURATION_BUCKETS: Final = (
    ("0 s", 0.0, 1e-9),
    ("< 1 min", 1e-9, 60.0),
    ("1-10 min", 60.0, 600.0),
    ("10-60 min", 600.0, 3600.0),
    ("1-24 h", 3600.0, 86400.0),
    ("1-7 days", 86400.0, 7 * 86400.0),
    ("> 7 days", 7 * 86400.0, None),
)


class ReportInputError(Exception):
    """The database cannot be read as a built project (reported in one line)."""


@dataclass(frozen=True)
class ReportData:
    """Every number the report shows, one frame per section."""

    totals: pd.DataFrame  # one row: events, deliveries, rejects, sessions, cross-source
    resolution_by_day: pd.DataFrame  # report_date, payload, cookie, minted
    statuses_by_source: pd.DataFrame  # source_id, status kind, status, events
    rejects_by_reason: pd.DataFrame  # reason, rejects
    session_lengths: pd.DataFrame  # bucket, sessions
    session_durations: pd.DataFrame  # bucket, sessions
    cross_source_by_day: pd.DataFrame  # report_date, new_sessions, cross-source, share
    anomalies: pd.DataFrame  # the health_anomalies table


def _bucket_sql(column: str, buckets: tuple[tuple[str, float, float | None], ...]) -> str:
    cases = []
    for label, low, high in buckets:
        upper = "" if high is None else f" and {column} < {high!r}"
        cases.append(f"when {column} >= {low!r}{upper} then '{label}'")
    return "case " + " ".join(cases) + " end"


def _length_sql() -> str:
    cases = []
    for label, low, high in LENGTH_BUCKETS:
        upper = "" if high is None else f" and event_count <= {high}"
        cases.append(f"when event_count >= {low}{upper} then '{label}'")
    return "case " + " ".join(cases) + " end"


def _ordered(frame: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    counts = dict(zip(frame["bucket"], frame["sessions"], strict=True))
    return pd.DataFrame({"bucket": labels, "sessions": [int(counts.get(b, 0)) for b in labels]})


def load_report_data(database: Path) -> ReportData:
    """Reads the report's numbers from a DuckDB database built by the project."""
    if not database.is_file():
        raise ReportInputError(f"no such database file: {database}")
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as exc:
        raise ReportInputError(f"cannot open {database} as a DuckDB database: {exc}") from None
    with connection:
        present = {
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() "
                "union all select view_name from duckdb_views()"
            ).fetchall()
        }
        missing = [name for name in REQUIRED_TABLES if name not in present]
        if missing:
            raise ReportInputError(
                f"{database} has no {', '.join(missing)}: build the project first "
                "(scripts/demo.sh, or dbt build with FIRSTPARTY_DUCKDB_PATH set to it)"
            )

        def frame(sql: str) -> pd.DataFrame:
            return connection.execute(sql).df()

        totals = frame(
            """
            select
                sum(events) as events,
                sum(deliveries) as deliveries,
                sum(rejects) as rejects,
                sum(new_sessions) as sessions,
                sum(new_cross_source_sessions) as cross_source_sessions
            from daily_source_health
            """
        )
        resolution = frame(
            """
            select
                report_date,
                sum(resolved_by_payload) as payload,
                sum(resolved_by_cookie) as cookie,
                sum(resolved_by_minted) as minted
            from daily_source_health
            where report_date is not null
            group by report_date
            having sum(events) > 0
            order by report_date
            """
        )
        statuses = frame(
            """
            unpivot (
                select
                    coalesce(source_id, '(none)') as source_id,
                    sum(payload_valid) as payload_valid,
                    sum(payload_unknown) as payload_unknown,
                    sum(payload_malformed) as payload_malformed,
                    sum(payload_not_a_string) as payload_not_a_string,
                    sum(payload_null) as payload_null,
                    sum(payload_absent) as payload_absent,
                    sum(payload_not_an_object) as payload_not_an_object,
                    sum(payload_invalid_json) as payload_invalid_json,
                    sum(payload_no_payload) as payload_no_payload,
                    sum(cookie_valid) as cookie_valid,
                    sum(cookie_malformed) as cookie_malformed,
                    sum(cookie_absent) as cookie_absent
                from daily_source_health
                group by 1
            ) on columns(* exclude (source_id)) into name status value events
            order by source_id, status
            """
        )
        rejects = frame(
            """
            unpivot (
                select
                    sum(rejects_missing_event_id) as missing_event_id,
                    sum(rejects_missing_received_at) as missing_received_at,
                    sum(rejects_unparseable_received_at) as unparseable_received_at,
                    sum(rejects_received_at_out_of_range) as received_at_out_of_range,
                    sum(rejects_missing_load_marker) as missing_load_marker
                from daily_source_health
            ) on columns(*) into name reason value rejects
            """
        )
        lengths = frame(
            f"select {_length_sql()} as bucket, count(*) as sessions from sessions group by 1"
        )
        durations = frame(
            f"select {_bucket_sql('duration_seconds', DURATION_BUCKETS)} as bucket, "
            "count(*) as sessions from sessions group by 1"
        )
        cross_source = frame(
            """
            select
                report_date,
                sum(new_sessions) as new_sessions,
                sum(new_cross_source_sessions) as cross_source_sessions,
                sum(new_cross_source_sessions) / sum(new_sessions) as cross_source_share
            from daily_source_health
            where report_date is not null
            group by report_date
            having sum(new_sessions) > 0
            order by report_date
            """
        )
        anomalies = frame(
            "select * from health_anomalies order by anomaly, report_date, source_id, session_id"
        )
    statuses["kind"] = statuses["status"].str.split("_", n=1).str[0]
    statuses["status"] = statuses["status"].str.split("_", n=1).str[1]
    return ReportData(
        totals=totals.fillna(0).astype("int64"),
        resolution_by_day=resolution,
        statuses_by_source=statuses[["source_id", "kind", "status", "events"]],
        rejects_by_reason=rejects.fillna(0),
        session_lengths=_ordered(lengths, [label for label, _, _ in LENGTH_BUCKETS]),
        session_durations=_ordered(durations, [label for label, _, _ in DURATION_BUCKETS]),
        cross_source_by_day=cross_source,
        anomalies=anomalies,
    )
