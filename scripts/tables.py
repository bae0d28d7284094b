"""The output tables, read-only, for people: a summary of a build and any query.

    .venv/bin/python scripts/tables.py summary       # what scripts/demo.sh ends with
    .venv/bin/python scripts/tables.py query "SQL"   # = scripts/query.sh "SQL"

The database is the one dbt uses from this folder (FIRSTPARTY_DUCKDB_PATH, else
firstparty.duckdb). An unreadable database or a failed query: one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from firstparty_db import PATH_VARIABLE, database_path

RESOLUTIONS = ("payload", "cookie", "minted")
SESSIONS_SHOWN = 5
QUERY_EXAMPLE = 'scripts/query.sh "select * from sessions order by created_at limit 10"'


def scalar(connection: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = connection.execute(sql).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0


def share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "-"


def summary(connection: duckdb.DuckDBPyConnection, database: Path) -> str:
    """The build in a few lines: rows in and out, how events were resolved, a few sessions."""
    raw_rows = scalar(connection, "select count(*) from stg_firstparty__raw_events")
    events = scalar(connection, "select count(*) from event_sessions")
    deliveries = scalar(connection, "select sum(delivery_count) from event_sessions")
    sessions = scalar(connection, "select count(*) from sessions")
    cross_source = scalar(connection, "select count(*) from sessions where is_cross_source")
    rejects = dict(
        connection.execute(
            "select reason, count(*) as n from rejected_events group by reason"
            " order by n desc, reason"
        ).fetchall()
    )
    resolved = dict(
        connection.execute(
            "select resolved_by, count(*) from event_sessions group by resolved_by"
        ).fetchall()
    )
    first_sessions = connection.execute(
        f"""
        select session_id, strftime(created_at, '%Y-%m-%d %H:%M:%S'), event_count, created_by,
               coalesce(source_types, ''), is_cross_source
        from sessions
        order by created_at, session_id
        limit {SESSIONS_SHOWN}
        """
    ).fetchall()

    query_command = QUERY_EXAMPLE
    if os.environ.get(PATH_VARIABLE):
        query_command = f"{PATH_VARIABLE}={shlex.quote(str(database))} {query_command}"
    mix = "   ".join(
        f"{how} {resolved.get(how, 0)} ({share(resolved.get(how, 0), events)})"
        for how in RESOLUTIONS
    )
    lines = [
        f"Summary of {database}",
        f"  raw rows        {raw_rows:>8}",
        f"  events          {events:>8}   ({deliveries - events} re-deliveries counted in them)",
        f"  sessions        {sessions:>8}   ({cross_source} span more than one source)",
        f"  rejected rows   {sum(rejects.values()):>8}",
        *(f"  {'':16}{n:>8}   {reason}" for reason, n in rejects.items()),
        f"  resolved by     {mix}",
        "",
        f"The first {len(first_sessions)} sessions (by created_at):",
        f"  {'session_id':36}  {'created_at':19}  {'events':>6}  {'created_by':10}"
        "  source_types      cross-source",
    ]
    lines += [
        f"  {session_id:36}  {created_at:19}  {event_count:>6}  {created_by:10}"
        f"  {source_types:16}  {'yes' if cross else 'no'}"
        for session_id, created_at, event_count, created_by, source_types, cross in first_sessions
    ]
    lines += [
        "",
        "Query the tables (sessions, event_sessions, rejected_events) yourself:",
        f"  {query_command}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("summary", help="rows in and out, resolution mix, a few sessions")
    query = commands.add_parser("query", help="run one SQL statement and print its rows")
    query.add_argument("sql")
    args = parser.parse_args(argv)

    database = database_path()
    if not database.exists():
        print(f"error: no database {database} (build it first: scripts/demo.sh)", file=sys.stderr)
        return 2
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            if args.command == "summary":
                print(summary(connection, database))
            else:
                result = connection.sql(args.sql)
                if result is not None:
                    result.show(max_width=200, max_rows=100)
    except duckdb.Error as error:
        print(f"error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
