"""The var reporting_timezone moves the day a row counts on in the daily models (not the
UTC times), and a value that is not a time zone name stops the run in one line."""

from __future__ import annotations

import pandas as pd
import pytest

from .dbt_project import DbtWorkspace

pytestmark = pytest.mark.slow

ZONE = "Asia/Tokyo"


def test_days_are_in_the_reporting_time_zone(workspace: DbtWorkspace) -> None:
    workspace.run("build", "--full-refresh", "--vars", f"{{reporting_timezone: {ZONE}}}")
    events = workspace.query("select received_at, source_id from event_sessions")
    local = pd.to_datetime(events["received_at"]).dt.tz_localize("UTC").dt.tz_convert(ZONE)
    expected = events.assign(day=local.dt.strftime("%Y-%m-%d")).groupby(["day", "source_id"]).size()
    health = workspace.query(
        "select strftime(report_date, '%Y-%m-%d') as day, source_id, sum(events) as events "
        "from daily_source_health where events > 0 group by all"
    )
    assert health.set_index(["day", "source_id"])["events"].sort_index().to_dict() == (
        expected.sort_index().to_dict()
    )
    # Some events change day: the zone matters on this data.
    utc_days = pd.to_datetime(events["received_at"]).dt.strftime("%Y-%m-%d")
    assert (utc_days != local.dt.strftime("%Y-%m-%d")).any()


def test_a_bad_zone_is_one_line(workspace: DbtWorkspace) -> None:
    result = workspace.run(
        "build", "--full-refresh", "--vars", "{reporting_timezone: 'Mars/Olympus Mons'}",
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "reporting_timezone Mars/Olympus Mons is not a time zone name" in result.stdout
    unknown = workspace.run(
        "build", "--full-refresh", "--vars", "{reporting_timezone: Mars/Olympus}", check=False
    )
    assert unknown.returncode != 0
    assert "reporting_timezone Mars/Olympus is not a time zone DuckDB knows" in unknown.stdout
