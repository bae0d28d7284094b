"""A run started while another holds the DuckDB database is refused at once, in one line
(scripts/dbt.sh), and changes nothing; otherwise scripts/dbt.sh is dbt."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from .dbt_project import PROJECT_DIR, project_arguments

LAUNCHER = PROJECT_DIR / "scripts" / "dbt.sh"
SCHEDULED_RUN = ("build", "--vars", "{raw_events_schema: landing, raw_events_table: events}")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def launch(
    args: tuple[str, ...], cwd: Path, database: str | None
) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {key: value for key, value in os.environ.items() if key != "FIRSTPARTY_DUCKDB_PATH"}
    env.pop("FIRSTPARTY_TARGET", None)
    if database is not None:
        env["FIRSTPARTY_DUCKDB_PATH"] = database
    started = time.monotonic()
    result = subprocess.run(
        [str(LAUNCHER), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    return result, time.monotonic() - started


@pytest.mark.parametrize("named_by", ["FIRSTPARTY_DUCKDB_PATH", "profiles.yml default"])
def test_a_run_while_another_holds_the_database_is_refused_in_one_line(
    tmp_path: Path, named_by: str
) -> None:
    if named_by == "FIRSTPARTY_DUCKDB_PATH":
        database, shown = tmp_path / "warehouse.duckdb", str(tmp_path / "warehouse.duckdb")
    else:
        # What dbt opens, run from a folder without the variable: profiles.yml's default.
        assert "env_var('FIRSTPARTY_DUCKDB_PATH', 'firstparty.duckdb')" in (
            PROJECT_DIR / "profiles.yml"
        ).read_text(encoding="utf-8")
        database, shown = tmp_path / "firstparty.duckdb", "firstparty.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create table event_sessions as select 'ev_1' as event_id")
    before = digest(database)
    # The run in progress: this test process. (Not reading the file while it holds it: a
    # process that closes any descriptor of a file drops its POSIX locks on that file.)
    holder = duckdb.connect(str(database))
    try:
        holder.execute("select count(*) from event_sessions").fetchall()
        dbt_folder = tmp_path / "dbt"
        result, seconds = launch(
            (*SCHEDULED_RUN, *project_arguments(dbt_folder)),
            cwd=tmp_path,
            database=str(database) if named_by == "FIRSTPARTY_DUCKDB_PATH" else None,
        )
    finally:
        holder.close()
    after = digest(database)

    assert result.returncode == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout == ""
    assert result.stderr == (
        f"another run holds the database {shown} (PID {os.getpid()}); "
        "try again when it has finished\n"
    )
    assert seconds < 10
    assert after == before
    assert not dbt_folder.exists(), "dbt started (it wrote its target or log folder)"
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = connection.execute("select table_name from duckdb_tables()").fetchall()
        assert tables == [("event_sessions",)]
        assert connection.execute("select * from event_sessions").fetchall() == [("ev_1",)]


def test_a_database_nobody_holds_goes_to_dbt_with_the_same_arguments(tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(database)).close()
    result, _ = launch(("--version",), cwd=tmp_path, database=str(database))
    assert result.returncode == 0, result.stderr
    assert "installed: 1.11." in result.stdout  # dbt's own answer


def test_commands_that_do_not_open_the_database_are_not_checked(tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    holder = duckdb.connect(str(database))
    try:
        result, _ = launch(("--version",), cwd=tmp_path, database=str(database))
        spark, _ = launch(
            ("build", "--target", "spark", "--help"), cwd=tmp_path, database=str(database)
        )
    finally:
        holder.close()
    assert result.returncode == 0, result.stderr
    assert "installed: 1.11." in result.stdout
    assert spark.returncode == 0, spark.stderr
    assert "Usage: dbt build" in spark.stdout
