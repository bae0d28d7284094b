"""scripts/tables.py (the summary scripts/demo.sh ends with) and scripts/query.sh, on a
small DuckDB database written by hand: the numbers printed are the ones put in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
TABLES = REPOSITORY / "scripts" / "tables.py"
QUERY = REPOSITORY / "scripts" / "query.sh"

# 10 raw rows = 6 events (8 deliveries) + 2 rejects; 3 sessions, one of them cross-source.
BUILD = """
create table stg_firstparty__raw_events as select range as n from range(10);
create table event_sessions as
select * from (values
    ('e1', 's1', 'minted',  1), ('e2', 's1', 'cookie', 2), ('e3', 's1', 'payload', 1),
    ('e4', 's2', 'minted',  1), ('e5', 's2', 'cookie', 1), ('e6', 's3', 'minted', 2)
) as t(event_id, session_id, resolved_by, delivery_count);
create table sessions as
select * from (values
    ('s2', timestamp '2026-11-02 08:00:00', 2, 'minted', 'javascript', false),
    ('s1', timestamp '2026-11-01 12:00:00.123', 3, 'minted', 'http,javascript', true),
    ('s3', timestamp '2026-11-03 09:30:00', 1, 'minted', null, false)
) as t(session_id, created_at, event_count, created_by, source_types, is_cross_source);
create table rejected_events as
select * from (values ('missing_event_id'), ('unparseable_received_at')) as t(reason);
"""


def run(command: list[str], database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIRSTPARTY_DUCKDB_PATH": str(database)}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "built.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute(BUILD)
    return path


def test_the_summary_reports_the_tables(database: Path) -> None:
    result = run([sys.executable, str(TABLES), "summary"], database)
    assert result.returncode == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines[:9] == [
        f"Summary of {database}",
        "raw rows 10",
        "events 6 (2 re-deliveries counted in them)",
        "sessions 3 (1 span more than one source)",
        "rejected rows 2",
        "1 missing_event_id",
        "1 unparseable_received_at",
        "resolved by payload 1 (16.7%) cookie 2 (33.3%) minted 3 (50.0%)",
        "",
    ]
    assert lines[9] == "The first 3 sessions (by created_at):"
    assert lines[11:14] == [
        "s1 2026-11-01 12:00:00 3 minted http,javascript yes",
        "s2 2026-11-02 08:00:00 2 minted javascript no",
        "s3 2026-11-03 09:30:00 1 minted no",
    ]
    assert lines[-1] == (
        f'FIRSTPARTY_DUCKDB_PATH={database} scripts/query.sh "select * from sessions'
        ' order by created_at limit 10"'
    )


def test_query_prints_the_rows_and_refuses_writes(database: Path) -> None:
    result = run([str(QUERY), "select session_id from sessions where is_cross_source"], database)
    assert result.returncode == 0, result.stderr
    assert "s1" in result.stdout
    assert "s2" not in result.stdout

    write = run([str(QUERY), "delete from sessions"], database)
    assert write.returncode == 2
    assert write.stderr.startswith("error: ")
    assert len(write.stderr.splitlines()) == 1
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select count(*) from sessions").fetchone() == (3,)


def test_a_missing_database_is_one_line(tmp_path: Path) -> None:
    result = run([sys.executable, str(TABLES), "summary"], tmp_path / "none.duckdb")
    assert result.returncode == 2
    assert (
        result.stderr
        == f"error: no database {tmp_path / 'none.duckdb'} (build it first: scripts/demo.sh)\n"
    )
    assert not (tmp_path / "none.duckdb").exists()
