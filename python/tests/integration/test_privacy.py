"""No relation the project builds keeps the Cookie header or any cookie but fsid."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from firstparty_sessions.io import write_raw_events

from .dbt_project import DbtWorkspace

MARKER = "PRIVATE-COOKIE-VALUE"
FSID = "01a196fb-167b-8fc8-825d-604e7d01a261"


def raw_rows_with_private_cookies() -> pd.DataFrame:
    cookies = [
        f"auth_token={MARKER}-1; fsid={FSID}; _ga={MARKER}-2",
        f"{MARKER}-name=x; fsid=not-a-session",
        f"fsid={MARKER}-3",
        f"FSID={MARKER}-4; xfsid={MARKER}-5; fsid_old={MARKER}-6",
        f'session="{MARKER}-7"; fsid="{FSID.upper()}"',
    ]
    rows = []
    for index, cookie in enumerate(cookies):
        for received_at in ("2026-11-01 12:00:00", "not a time"):  # events and rejects
            rows.append(
                {
                    "event_id": f"ev_{index}",
                    "source_id": "src_web",
                    "source_type": "javascript",
                    "received_at": received_at,
                    "payload": '{"event": "page_view"}',
                    "cookie": cookie,
                }
            )
    return pd.DataFrame(rows, dtype=object)


def test_no_built_relation_stores_other_cookies(workspace: DbtWorkspace, tmp_path: Path) -> None:
    raw_file = tmp_path / "raw.parquet"
    write_raw_events(raw_rows_with_private_cookies(), raw_file)
    workspace.build(raw_file, strict=True)

    assert_no_other_cookie_stored(workspace, (MARKER,))

    # The fsid itself is kept, normalised: the only cookie data allowed out.
    kept = workspace.query("select distinct cookie_session_id from event_sessions")
    assert set(kept["cookie_session_id"].dropna()) == {FSID}


#: The columns named for the cookie that hold no cookie data: the fsid session's two, and
#: daily_source_health's counts of events by resolution and fsid status (numbers).
ALLOWED_COOKIE_COLUMNS = {
    "cookie_session_id",
    "cookie_session_status",
    "resolved_by_cookie",
    "cookie_valid",
    "cookie_malformed",
    "cookie_absent",
}


def assert_no_other_cookie_stored(workspace: DbtWorkspace, markers: Sequence[str]) -> None:
    """No relation of the workspace's database has a column named like a cookie (but the
    fsid session's two) or a value containing any of `markers`."""
    relations = workspace.query(
        "select table_schema, table_name from information_schema.tables order by all"
    )
    assert {"event_sessions", "sessions", "rejected_events", "stg_firstparty__raw_events"} <= set(
        relations["table_name"]
    )
    leaks = []
    for schema, table in relations.itertuples(index=False):
        columns = workspace.query(
            "select column_name from information_schema.columns "
            f"where table_schema = '{schema}' and table_name = '{table}'"
        )["column_name"]
        for column in columns:
            assert column in ALLOWED_COOKIE_COLUMNS or "cookie" not in column, f"{table}.{column}"
            for marker in markers:
                found = workspace.query(
                    f'select count(*) as n from "{schema}"."{table}" '
                    f"where cast(\"{column}\" as varchar) like '%{marker}%'"
                )["n"].iloc[0]
                if found:
                    leaks.append(f"{table}.{column}: {marker}")
    assert not leaks, f"cookie data other than fsid stored in {leaks}"
