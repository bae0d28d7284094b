"""The benchmark's hand-written single-statement reference (bench/reference_query.sql)
computes exactly what the dbt project builds: every row of the three outputs, on 100,000
generated events (default `format` mode)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from firstparty_sessions.generate import write_generated_events

from .dbt_project import OUTPUTS, PROJECT_DIR, SORT_KEYS, DbtWorkspace, as_records

pytestmark = pytest.mark.slow

REFERENCE_SQL = PROJECT_DIR / "bench" / "reference_query.sql"
EVENTS = 100_000


def reference_statements(raw_path: Path) -> list[str]:
    """The reference file's statements, with the raw file path filled in."""
    text = REFERENCE_SQL.read_text(encoding="utf-8").replace("{raw}", str(raw_path))
    return [part for part in text.split("\n-- ;\n") if part.strip()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DbtWorkspace:
    root = tmp_path_factory.mktemp("reference")
    raw_path = root / "raw.parquet"
    write_generated_events(EVENTS, 11, raw_path)
    workspace = DbtWorkspace(root)
    workspace.run("run", "--full-refresh", "--vars", f"{{raw_events_path: '{raw_path}'}}")
    with duckdb.connect(str(workspace.database)) as connection:
        connection.execute("set TimeZone = 'UTC'")
        for statement in reference_statements(raw_path):
            connection.execute(statement)
    return workspace


def test_three_statements() -> None:
    statements = reference_statements(Path("x.parquet"))
    assert len(statements) == 3
    assert all(s.count("create or replace table ref_") == 1 for s in statements)


@pytest.mark.parametrize("output", OUTPUTS)
def test_reference_equals_the_project(built: DbtWorkspace, output: str) -> None:
    project = built.query(f"select * from {output}")
    reference = built.query(f"select * from ref_{output}")
    # The mart's first columns are the reference's; the sessions mart's analysts' columns
    # after them (README.md, "Session columns") are not in the single-statement reference.
    assert list(project.columns[: len(reference.columns)]) == list(reference.columns)
    assert len(project) > 0
    columns = list(reference.columns)
    keys = SORT_KEYS[output]
    assert as_records(reference, columns, keys) == as_records(project, columns, keys)
