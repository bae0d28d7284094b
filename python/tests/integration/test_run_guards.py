"""State guards: a run whose input, mode or rule version differs from what the tables were
built with refuses in one line, before anything is written, and names the command that
rebuilds; --full-refresh then rebuilds and records the new configuration."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from firstparty_sessions.reference import RAW_COLUMNS

from .dbt_project import OUTPUTS, DbtWorkspace

REFUSAL = "firstparty: refusing to mix runs: "


def snapshot(workspace: DbtWorkspace) -> dict[str, pd.DataFrame]:
    tables = {name: workspace.query(f"select * from {name}") for name in OUTPUTS}
    tables["manifest"] = workspace.query("select * from int_runs__manifest")
    return tables


def refusal_line(output: str) -> str:
    lines = [line for line in output.splitlines() if REFUSAL in line]
    assert len(lines) == 1, output[-3000:]
    return lines[0].strip()


@pytest.fixture(scope="module")
def demo(module_workspace: DbtWorkspace) -> DbtWorkspace:
    module_workspace.run("build", "--full-refresh")
    return module_workspace


def test_a_changed_mode_is_refused_before_anything_is_written(demo: DbtWorkspace) -> None:
    before = snapshot(demo)
    result = demo.run("run", "--vars", "{session_id_validation: known}", check=False)
    assert result.returncode != 0
    assert refusal_line(result.stdout) == (
        REFUSAL + "session_id_validation is known, the tables were built with format. "
        "To rebuild every table from this input and mode: "
        "dbt build --full-refresh --vars '{session_id_validation: known}'"
    )
    after = snapshot(demo)
    for name, table in before.items():
        pd.testing.assert_frame_equal(after[name], table, obj=name)


def test_a_changed_input_is_refused_and_full_refresh_rebuilds(
    demo: DbtWorkspace, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    pd.DataFrame(
        [["ev_1", "web", "javascript", "2026-11-02 10:00:00", '{"event": "x"}', None]],
        columns=list(RAW_COLUMNS),
    ).to_csv(path, index=False)
    variables = f"{{raw_events_path: '{path}'}}"
    result = demo.run("run", "--vars", variables, check=False)
    assert result.returncode != 0
    line = refusal_line(result.stdout)
    assert f"raw_events_input is file '{path}', the tables were built with the demo seed" in line
    assert line.endswith(f"dbt build --full-refresh --vars '{{raw_events_path: {path}}}'")

    demo.run("run", "--full-refresh", "--vars", variables)
    assert demo.query("select event_id from event_sessions")["event_id"].tolist() == ["ev_1"]
    manifest = demo.query("select * from int_runs__manifest")
    assert manifest[["run_seq", "raw_events_input", "load_column"]].values.tolist() == [
        [1, f"file '{path}'", "(none)"]
    ]
    demo.run("run", "--vars", variables)  # the same input again: a scheduled run
    assert demo.query("select run_seq from int_runs__manifest")["run_seq"].tolist() == [1, 2]
    # A run of only some of the state models is not recorded as completed: the next run
    # has the same number and takes over what it stamped.
    demo.run("run", "--vars", variables, "--select", "int_raw_rows__units")
    assert demo.query("select run_seq from int_runs__manifest")["run_seq"].tolist() == [1, 2]
