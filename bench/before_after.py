"""Before/after timing of the project's models in two databases built by `dbt run` on the
same raw file (e.g. one from the commit before a change, one after), alternating.

    python bench/before_after.py BEFORE.duckdb AFTER.duckdb [--repeats 3]

For each database and query: staging alone, event_sessions' query and sessions' query
(CREATE TEMP TABLE AS, with the profile's threads and memory limit from the environment).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import duckdb
from run import settings_env

PROJECT = Path(__file__).resolve().parent.parent
SESSIONS_SQL = PROJECT / "target" / "compiled" / "firstparty_sessions" / "models" / "marts"

QUERIES = {
    "staging": "select * from main.stg_firstparty__raw_events",
    "event_sessions": "select * from main.int_events__resolved",
    "sessions": None,  # the compiled sessions model, pointed at each database
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sessions = (SESSIONS_SQL / "sessions.sql").read_text(encoding="utf-8")
    times: dict[tuple[str, str], list[float]] = {}
    for rep in range(args.repeats):
        order = [("before", args.before), ("after", args.after)]
        if rep % 2:
            order.reverse()
        for label, path in order:
            with duckdb.connect(path, read_only=True) as con:
                env = settings_env()
                con.execute(f"set threads = {env['FIRSTPARTY_DUCKDB_THREADS']}")
                con.execute(f"set memory_limit = '{env['FIRSTPARTY_DUCKDB_MEMORY_LIMIT']}'")
                con.execute("set TimeZone = 'UTC'")
                database = con.execute("select current_database()").fetchone()
                assert database is not None
                for name, sql in QUERIES.items():
                    if sql is None:
                        sql = sessions.replace('"main".', "main.")
                        sql = sessions.split("with", 1)[1]
                        sql = "with" + sql
                        sql = _point_at(sql, str(database[0]))
                    start = time.perf_counter()
                    con.execute(f"create or replace temp table timed as {sql}")
                    times.setdefault((label, name), []).append(time.perf_counter() - start)
                    print(f"rep {rep + 1} {label:<6} {name:<15} {times[(label, name)][-1]:.2f} s")
    print("\n| query | before s (median) | after s (median) | after / before |")
    print("|---|---:|---:|---:|")
    for name in QUERIES:
        before = statistics.median(times[("before", name)])
        after = statistics.median(times[("after", name)])
        print(f"| {name} | {before:.2f} | {after:.2f} | {after / before:.2f} |")


def _point_at(sql: str, database: str) -> str:
    """Replace the compiled "db"."main". prefixes with this database's name."""
    import re

    return re.sub(r'"[^"]+"\."main"\.', f'"{database}"."main".', sql)


if __name__ == "__main__":
    main()
