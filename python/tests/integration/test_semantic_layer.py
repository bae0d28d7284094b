"""The semantic layer (models/semantic): `mf validate-configs` passes, and `mf query`
answers the metrics on the demo with the numbers SQL computes directly from the marts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .dbt_project import DBT, PROJECT_DIR, DbtWorkspace

pytestmark = pytest.mark.slow

MF = str(Path(sys.executable).with_name("mf"))
#: What a dbt project folder needs (mf reads PROJECT/target/semantic_manifest.json, so the
#: tests run it on a copy whose target/ is theirs).
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "selectors.yml")
PROJECT_FOLDERS = ("models", "macros", "seeds", "tests")


def run(command: list[str], project: Path, database: Path) -> str:
    env = {
        **os.environ,
        "FIRSTPARTY_DUCKDB_PATH": str(database),
        "DBT_PROJECT_DIR": str(project),
        "DBT_PROFILES_DIR": str(project),
    }
    result = subprocess.run(
        command, env=env, cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def project(demo_workspace: DbtWorkspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project parsed against the demo database (the semantic manifest names
    its database)."""
    copy = tmp_path_factory.mktemp("semantic_project")
    for name in PROJECT_FILES:
        shutil.copy(PROJECT_DIR / name, copy / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(PROJECT_DIR / name, copy / name)
    run([DBT, "parse", "--quiet"], copy, demo_workspace.database)
    assert (copy / "target" / "semantic_manifest.json").exists()
    return copy


def mf(project: Path, database: Path, *args: str) -> str:
    return run([MF, *args], project, database)


def mf_query(project: Path, database: Path, *args: str) -> pd.DataFrame:
    out = project / "mf_query.csv"
    mf(project, database, "query", *args, "--csv", str(out))
    return pd.read_csv(out)


def by_day(frame: pd.DataFrame, day: str) -> pd.DataFrame:
    frame = frame.copy()
    frame[day] = pd.to_datetime(frame[day]).dt.strftime("%Y-%m-%d")
    return frame.sort_values(day).reset_index(drop=True)


def test_the_semantic_layer_validates(project: Path, demo_workspace: DbtWorkspace) -> None:
    output = mf(project, demo_workspace.database, "validate-configs")
    assert "ERRORS: 0" in output
    assert "Breaking issues" not in output


def test_event_metrics_equal_sql(project: Path, demo_workspace: DbtWorkspace) -> None:
    answered = mf_query(
        project,
        demo_workspace.database,
        "--metrics",
        "events,payload_share,cookie_share,minted_share",
        "--group-by",
        "metric_time__day",
    )
    expected = demo_workspace.query(
        """
        select
            received_on as metric_time__day,
            count(*) as events,
            avg(case when resolved_by = 'payload' then 1.0 else 0.0 end) as payload_share,
            avg(case when resolved_by = 'cookie' then 1.0 else 0.0 end) as cookie_share,
            avg(case when resolved_by = 'minted' then 1.0 else 0.0 end) as minted_share
        from event_sessions
        group by received_on
        """
    )
    assert len(expected) > 3
    pd.testing.assert_frame_equal(
        by_day(answered, "metric_time__day")[list(expected.columns)],
        by_day(expected, "metric_time__day"),
        check_dtype=False,
    )


def test_session_metrics_equal_sql(project: Path, demo_workspace: DbtWorkspace) -> None:
    metrics = "sessions,events_per_session,cross_source_share,average_session_duration_seconds"
    answered = mf_query(
        project, demo_workspace.database, "--metrics", metrics, "--group-by", "metric_time__day"
    )
    expected = demo_workspace.query(
        """
        select
            created_on as metric_time__day,
            count(*) as sessions,
            avg(event_count) as events_per_session,
            avg(case when is_cross_source then 1.0 else 0.0 end) as cross_source_share,
            avg(epoch(updated_at) - epoch(created_at)) as average_session_duration_seconds
        from sessions
        group by created_on
        """
    )
    pd.testing.assert_frame_equal(
        by_day(answered, "metric_time__day")[list(expected.columns)],
        by_day(expected, "metric_time__day"),
        check_dtype=False,
    )


def test_reject_and_redelivery_rates_equal_sql(project: Path, demo_workspace: DbtWorkspace) -> None:
    answered = mf_query(
        project, demo_workspace.database, "--metrics", "rejects,reject_rate,redelivery_rate"
    )
    # From the raw seed and the events, not from the health model the metrics read.
    expected = demo_workspace.query(
        """
        with
        delivered as (
            select sum(delivery_count) as deliveries, count(*) as events from event_sessions
        ),
        raw as (select count(*) as raw_rows from raw_events)
        select
            raw.raw_rows - delivered.deliveries as rejects,
            (raw.raw_rows - delivered.deliveries) / raw.raw_rows as reject_rate,
            (delivered.deliveries - delivered.events) / delivered.deliveries as redelivery_rate
        from delivered, raw
        """
    )
    assert expected["rejects"].iloc[0] > 0
    pd.testing.assert_frame_equal(answered, expected, check_dtype=False)


def test_the_daily_health_saved_query_answers(project: Path, demo_workspace: DbtWorkspace) -> None:
    answered = mf_query(
        project, demo_workspace.database, "--saved-query", "daily_source_health_view"
    )
    health = demo_workspace.query("select * from daily_source_health")
    assert len(answered) == len(health)
    assert answered["rejects"].sum() == health["rejects"].sum()
