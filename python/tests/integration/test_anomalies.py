"""Each anomaly check (tests/anomalies, severity warn) reports exactly the rows made to
trip it (anomaly_data), the build still succeeds, and daily_source_health holds the
planned counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from firstparty_sessions.io import write_raw_events

from . import anomaly_data
from .dbt_project import DbtWorkspace

pytestmark = pytest.mark.slow

FAILURES = "main_dbt_test__audit"


def vars_for(path: Path) -> str:
    extra = ", ".join(f"{name}: {value}" for name, value in anomaly_data.VARS.items())
    return f"{{raw_events_path: '{path}', {extra}}}"


@pytest.fixture(scope="module")
def built(module_workspace: DbtWorkspace) -> tuple[DbtWorkspace, str]:
    path = module_workspace.root / "anomalies.csv"
    module_workspace.root.mkdir(parents=True, exist_ok=True)
    write_raw_events(anomaly_data.anomaly_raw_events(), path)
    dbt_vars = vars_for(path)
    build = module_workspace.run("build", "--full-refresh", "--store-failures", "--vars", dbt_vars)
    return module_workspace, build.stdout


def days(frame: pd.DataFrame, column: str = "report_date") -> pd.Series:
    return pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")


def test_the_build_succeeds_with_three_warnings(built: tuple[DbtWorkspace, str]) -> None:
    _, log = built
    for check in ("anomaly_source_share_jump", "anomaly_long_sessions", "anomaly_reject_share"):
        assert f"Warning in test {check}" in log
    assert "WARN=3" in log
    assert "ERROR=0" in log


def test_share_jumps_are_reported(built: tuple[DbtWorkspace, str]) -> None:
    workspace, _ = built
    found = workspace.query(f"select * from {FAILURES}.anomaly_source_share_jump")
    assert set(zip(days(found), found["source_id"], found["anomaly"], strict=True)) == (
        anomaly_data.SHARE_JUMPS
    )
    assert (found["observed"] == 1.0).all()
    assert (found["baseline"] == 0.0).all()


def test_long_sessions_are_reported(built: tuple[DbtWorkspace, str]) -> None:
    workspace, _ = built
    found = workspace.query(f"select * from {FAILURES}.anomaly_long_sessions")
    reported = set(zip(found["session_id"], found["anomaly"], strict=True))
    assert reported == anomaly_data.LONG_SESSIONS


def test_reject_shares_are_reported(built: tuple[DbtWorkspace, str]) -> None:
    workspace, _ = built
    found = workspace.query(f"select * from {FAILURES}.anomaly_reject_share")
    assert set(zip(days(found), found["source_id"], strict=True)) == anomaly_data.REJECT_SHARES
    assert found["observed"].tolist() == [5 / 25]


def test_health_holds_the_planned_counts(built: tuple[DbtWorkspace, str]) -> None:
    workspace, _ = built
    health = workspace.query("select * from daily_source_health")
    health["day"] = days(health)
    for (day, source), counts in anomaly_data.HEALTH.items():
        row = health[(health["day"] == day) & (health["source_id"] == source)]
        assert len(row) == 1, (day, source)
        for column, value in counts.items():
            assert row[column].iloc[0] == value, (day, source, column)
