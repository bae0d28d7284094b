"""The dbt data tests catch broken outputs: corrupt a built table, the test fails.

The marts event_sessions and sessions are views over the run-state tables
int_events__resolved and int_sessions__aggregated: those are what gets corrupted. Both the
tests a scheduled build runs (on the latest run's rows) and the audit's are checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from .dbt_project import DbtWorkspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(module_workspace: DbtWorkspace) -> DbtWorkspace:
    module_workspace.build()
    shutil.copyfile(module_workspace.database, pristine(module_workspace))
    return module_workspace


def pristine(workspace: DbtWorkspace) -> Path:
    """A copy of the database as built, to restore after each corruption."""
    return workspace.root / "pristine.duckdb"


CORRUPTIONS = {
    "a_lost_reject": (
        "delete from rejected_events where reason = 'missing_received_at'",
        "assert_every_raw_row_is_accounted_for",
    ),
    "a_doubled_delivery": (
        "update int_events__resolved set delivery_count = delivery_count + 1"
        " where event_id = 'ev_0001'",
        "assert_every_raw_row_is_accounted_for",
    ),
    "a_miscounted_session": (
        "update int_sessions__aggregated set event_count = event_count + 1"
        " where first_event_id = 'ev_0001'",
        "assert_session_counts_match_events",
    ),
    "an_uppercase_session_id": (
        "update int_sessions__aggregated set session_id = upper(session_id)"
        " where first_event_id = 'ev_0001'",
        "canonical_session_id_sessions_session_id",
    ),
    "a_session_ending_before_it_starts": (
        "update int_sessions__aggregated set updated_at = created_at - interval 1 second"
        " where first_event_id = 'ev_0001'",
        "expression_is_true_sessions_created_at_updated_at",
    ),
    "a_resolution_against_the_rule": (
        "update int_events__resolved set resolved_by = 'cookie' where event_id = 'ev_0001'",
        "expression_is_true_event_sessions_",
    ),
    "a_resolution_against_the_rule_in_the_latest_run": (
        "update int_events__resolved set resolved_by = 'cookie' where event_id = 'ev_0001'",
        "expression_is_true_int_events__resolved_",
    ),
    "a_duplicated_event_in_the_latest_run": (
        "insert into int_events__resolved select * from int_events__resolved"
        " where event_id = 'ev_0001'",
        "unique_in_latest_run_int_events__resolved_event_id",
    ),
    "a_session_id_not_canonical_in_the_latest_run": (
        "update int_events__resolved set session_id = upper(session_id) where event_id = 'ev_0001'",
        "canonical_session_id_int_events__resolved_session_id",
    ),
}


@pytest.mark.parametrize(("corruption", "test_name"), CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupted_output_fails_its_test(
    built: DbtWorkspace, corruption: str, test_name: str
) -> None:
    with duckdb.connect(str(built.database)) as connection:
        connection.execute("begin")
        connection.execute(corruption)
        assert connection.execute("select 1").fetchone() == (1,)
        connection.execute("commit")
    try:
        broken = built.run("test", "--select", f"{test_name}*", check=False)
        assert broken.returncode != 0
        assert "FAIL" in broken.stdout
    finally:
        shutil.copyfile(pristine(built), built.database)  # restore for the next case
    clean = built.run("test", "--select", f"{test_name}*", check=False)
    assert clean.returncode == 0, clean.stdout[-3000:]
