"""Faults during scheduled runs harm nothing.

* A scheduled run killed (SIGKILL) at any moment -- while dbt starts, while the plan is
  built, during the sessions write, between sessions and event_sessions, during the
  event_sessions merge -- followed by a normal run (here after more rows landed) ends in
  exactly the state of an uninterrupted sequence: the pandas reference over all rows.
  Each kill is aimed by dbt's own output (the "START"/"OK created" line of a model) plus
  a share of that model's execution time measured in an uninterrupted run; the test
  checks that the process was really killed, and for kills between the plan and
  event_sessions, that the plan was left unconsumed. The worst moment (sessions written,
  event_sessions not) is also reproduced deterministically, twice in a row.
* A run started while another process holds the database fails with a clear message and
  changes nothing.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.reference import ReferenceOutputs, resolve

from .dbt_project import DBT, PROJECT_DIR, DbtWorkspace
from .outcomes import assert_outputs_equal
from .scheduled import RUN_SELECTION, land, landing_vars

GENERATED_EVENTS = 300_000
DBT_VARS = landing_vars(strict=True)


def split_by_received_at(raw: pd.DataFrame, shares: list[float]) -> list[pd.DataFrame]:
    order = pd.to_datetime(raw["received_at"], errors="coerce", format="mixed")
    ordered = raw.assign(_t=order).sort_values("_t", na_position="first", kind="stable")
    ordered = ordered.drop(columns="_t").reset_index(drop=True)
    cuts = [0, *(int(len(ordered) * s) for s in shares), len(ordered)]
    return [ordered.iloc[a:b].reset_index(drop=True) for a, b in itertools.pairwise(cuts)]


def run_command(workspace: DbtWorkspace, *extra: str) -> list[str]:
    return [
        DBT, "run", "--select", *RUN_SELECTION, "--vars", DBT_VARS, *extra,
        "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(workspace.root / "target"),
        "--log-path", str(workspace.root / "logs"),
    ]  # fmt: skip


def environment(workspace: DbtWorkspace) -> dict[str, str]:
    return {**os.environ, "FIRSTPARTY_DUCKDB_PATH": str(workspace.database)}


def scheduled_run(workspace: DbtWorkspace) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        run_command(workspace),
        env=environment(workspace),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def batches() -> list[pd.DataFrame]:
    """Three landings: history, the rows of the run that is killed, rows landing after."""
    return split_by_received_at(generate_raw_events(GENERATED_EVENTS, seed=5), [0.9, 0.97])


@pytest.fixture(scope="module")
def reference(batches: list[pd.DataFrame]) -> ReferenceOutputs:
    return resolve(pd.concat(batches, ignore_index=True), "known")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, batches: list[pd.DataFrame]) -> Path:
    """A database after a first build over the history, with the next rows landed."""
    workspace = DbtWorkspace(tmp_path_factory.mktemp("prepared"))
    land(workspace.database, batches[0])
    result = scheduled_run(workspace)
    assert result.returncode == 0, result.stdout[-4000:]
    land(workspace.database, batches[1])
    return workspace.database


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory, prepared: Path) -> dict[str, float]:
    """Seconds from the start of an uninterrupted scheduled run to the start and end of
    each model's execution (from run_results.json), to aim the kills."""
    workspace = DbtWorkspace(tmp_path_factory.mktemp("timeline"))
    workspace.root.mkdir(parents=True, exist_ok=True)
    shutil.copy(prepared, workspace.database)
    started = time.time()
    result = scheduled_run(workspace)
    finished = time.time()
    assert result.returncode == 0, result.stdout[-4000:]
    results = json.loads((workspace.root / "target" / "run_results.json").read_text())
    moments = {"end": finished - started}
    for node in results["results"]:
        name = node["unique_id"].split(".")[-1]
        for step in node["timing"]:
            if step["name"] == "execute":
                for edge in ("started_at", "completed_at"):
                    moment = datetime.fromisoformat(step[edge].replace("Z", "+00:00"))
                    moments[f"{name}.{edge}"] = moment.timestamp() - started
    return moments


def duration(timeline: dict[str, float], model: str) -> float:
    return timeline[f"{model}.completed_at"] - timeline[f"{model}.started_at"]


#: moment -> (line of dbt's output that starts the clock, model whose measured execution
#: time scales the delay, share of it). dbt prints "START ..." before it compiles and
#: runs a model, "OK created ..." when it has committed it.
KILL_MOMENTS: dict[str, tuple[str | None, str | None, float]] = {
    "while dbt starts": (None, None, 0.0),
    "while the plan is built": (
        "START sql table model main.int_events__resolution_plan",
        "int_events__resolution_plan",
        0.5,
    ),
    "during the sessions write": ("START sql incremental model main.sessions", "sessions", 0.5),
    "late in the sessions write": ("START sql incremental model main.sessions", "sessions", 0.9),
    "between sessions and event_sessions": (
        "OK created sql incremental model main.sessions",
        None,
        0.0,
    ),
    "during the event_sessions merge": (
        "START sql incremental model main.event_sessions",
        "event_sessions",
        0.5,
    ),
    "late in the event_sessions merge": (
        "START sql incremental model main.event_sessions",
        "event_sessions",
        0.8,
    ),
}


def kill_at(process: subprocess.Popen[str], moment: str, timeline: dict[str, float]) -> None:
    """Waits for the moment (dbt's output line, then a share of the model's measured
    execution time) and SIGKILLs the run."""
    trigger, model, share = KILL_MOMENTS[moment]
    if trigger is None:
        time.sleep(1.0)
    else:
        assert process.stdout is not None
        for line in process.stdout:
            if trigger in line:
                break
        if model is not None:
            time.sleep(share * duration(timeline, model))
    process.send_signal(signal.SIGKILL)


UNFINISHED_AFTER = {
    "during the sessions write",
    "late in the sessions write",
    "between sessions and event_sessions",
}


@pytest.mark.parametrize("moment", list(KILL_MOMENTS))
def test_a_killed_run_followed_by_a_normal_run_ends_as_uninterrupted(
    moment: str,
    prepared: Path,
    timeline: dict[str, float],
    batches: list[pd.DataFrame],
    reference: ReferenceOutputs,
    tmp_path: Path,
) -> None:
    workspace = DbtWorkspace(tmp_path)
    shutil.copy(prepared, workspace.database)
    process = subprocess.Popen(
        run_command(workspace),
        env={**environment(workspace), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    kill_at(process, moment, timeline)
    assert process.wait() == -signal.SIGKILL, "the run ended before the kill"
    if moment in UNFINISHED_AFTER:
        # Killed after the plan was written and before event_sessions was: the plan is
        # still there, so the next run must carry its sessions.
        assert workspace.query("select count(*) as n from int_events__resolution_plan")["n"].iloc[
            0
        ], "the kill did not land between the plan and event_sessions"

    # More rows land; the next scheduled run repairs everything.
    land(workspace.database, batches[2])
    result = scheduled_run(workspace)
    assert result.returncode == 0, result.stdout[-4000:]
    assert_outputs_equal(workspace.outputs(), reference)


def test_a_second_run_while_the_database_is_held_fails_clearly_and_harms_nothing(
    prepared: Path, tmp_path: Path
) -> None:
    workspace = DbtWorkspace(tmp_path)
    shutil.copy(prepared, workspace.database)
    before = workspace.outputs()
    holder = duckdb.connect(str(workspace.database))  # another process's open run
    try:
        holder.execute("select count(*) from event_sessions").fetchall()
        result = scheduled_run(workspace)
    finally:
        holder.close()
    assert result.returncode != 0
    assert "Could not set lock on file" in result.stdout, result.stdout[-4000:]
    assert "Conflicting lock is held" in result.stdout
    after = workspace.outputs()
    for name, frame in before.items():
        pd.testing.assert_frame_equal(
            frame.sort_values(list(frame.columns[:1])).reset_index(drop=True),
            after[name].sort_values(list(frame.columns[:1])).reset_index(drop=True),
        )


def test_runs_stopped_after_sessions_twice_in_a_row_are_repaired_by_the_next_run(
    prepared: Path,
    batches: list[pd.DataFrame],
    reference: ReferenceOutputs,
    tmp_path: Path,
) -> None:
    """The worst moment for a kill, made deterministic: a run that wrote the plan and
    sessions but not event_sessions (`--select +sessions`), then another one after more
    rows landed, then a normal run."""
    workspace = DbtWorkspace(tmp_path)
    shutil.copy(prepared, workspace.database)
    stopped = [*run_command(workspace)]
    stopped[stopped.index("--select") + 1 : stopped.index("--vars")] = ["+sessions"]
    env = environment(workspace)
    subprocess.run(stopped, env=env, check=True, capture_output=True)
    half = len(batches[2]) // 2
    land(workspace.database, batches[2].iloc[:half])
    subprocess.run(stopped, env=env, check=True, capture_output=True)
    land(workspace.database, batches[2].iloc[half:])
    result = scheduled_run(workspace)
    assert result.returncode == 0, result.stdout[-4000:]
    assert_outputs_equal(workspace.outputs(), reference)
    assert (
        workspace.query("select count(*) as n from int_events__resolution_plan")["n"].iloc[0] == 0
    )
