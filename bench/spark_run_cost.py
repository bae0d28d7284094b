"""What a scheduled run costs on Spark (local, session mode) against a full rebuild.

Generates N raw events (default 200,000, spread over 330 days), builds the project on
Spark from the first 99% (by received_at), then times a scheduled `dbt run` over all the
rows against a `dbt run --full-refresh` over the same rows, in one Spark session. Prints
both times, their ratio, and how many day partitions of each mart the scheduled run
rewrote (files written during it) out of how many there are: the figures behind the scale
plan in docs/spark.md. Needs the Spark venv (scripts/spark_parity.sh installs it). Usage:

    .venv/bin/python bench/spark_run_cost.py [--events 200000] [--new-share 0.01]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.io import write_raw_events

PROJECT_DIR = Path(__file__).resolve().parents[1]
RUNNER = PROJECT_DIR / "python" / "tests" / "spark" / "run_dbt_sequence.py"
MODELS = ["--select", "+event_sessions", "+sessions", "+rejected_events"]


def rewritten(table: Path, started: float, ended: float) -> tuple[int, int]:
    """(partitions with a file written between started and ended, all partitions)."""
    partitions = [
        folder for folder in table.iterdir() if folder.is_dir() and "=" in folder.name
    ]
    written = [
        folder
        for folder in partitions
        if any(
            started <= file.stat().st_mtime <= ended
            for file in folder.glob("*.parquet")
        )
    ]
    return len(written), len(partitions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--new-share", type=float, default=0.01)
    parser.add_argument(
        "--spark-dbt", default=str(PROJECT_DIR / ".venv-spark" / "bin" / "dbt")
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        raw = generate_raw_events(options.events, seed=7)
        moment = pd.to_datetime(
            raw["received_at"], errors="coerce", utc=True, format="mixed"
        )
        order = moment.sort_values(na_position="first").index
        cut = int(len(raw) * (1 - options.new_share))
        write_raw_events(
            raw.loc[order[:cut]].reset_index(drop=True), root / "history.parquet"
        )
        write_raw_events(raw, root / "all.parquet")

        def step(name: str, schema: str, path: str, *extra: str) -> dict[str, object]:
            arguments = [
                "run",
                *MODELS,
                *extra,
                "--vars",
                f"{{raw_events_path: '{path}'}}",
            ]
            arguments += [
                "--project-dir",
                str(PROJECT_DIR),
                "--profiles-dir",
                str(PROJECT_DIR),
            ]
            arguments += [
                "--target-path",
                str(root / "target"),
                "--log-path",
                str(root / "logs"),
            ]
            return {
                "name": name,
                "args": arguments,
                "env": {"FIRSTPARTY_SPARK_SCHEMA": schema},
            }

        steps = [
            step(
                "history", "scheduled", str(root / "history.parquet"), "--full-refresh"
            ),
            step("scheduled_run", "scheduled", str(root / "all.parquet")),
            step(
                "full_rebuild", "rebuilt", str(root / "all.parquet"), "--full-refresh"
            ),
        ]
        (root / "steps.json").write_text(json.dumps(steps))
        python = str(Path(options.spark_dbt).with_name("python"))
        subprocess.run(
            [python, str(RUNNER), str(root / "steps.json"), str(root / "results.json")],
            cwd=root,
            env={**os.environ, "FIRSTPARTY_TARGET": "spark"},
            check=True,
            capture_output=True,
        )
        results = json.loads((root / "results.json").read_text())
        failed = [name for name, result in results.items() if not result["success"]]
        if failed:
            raise SystemExit(f"failed: {failed}: {results[failed[0]]['error']}")
        seconds = {name: r["ended"] - r["started"] for name, r in results.items()}
        run = results["scheduled_run"]
        warehouse = root / "spark-warehouse" / "scheduled.db"
        print(
            f"{options.events:,} events, the newest {options.new_share:.0%} landing in the run"
        )
        for name in ("history", "scheduled_run", "full_rebuild"):
            print(f"  {name:14} {seconds[name]:7.1f} s")
        print(
            f"  scheduled run / full rebuild: {seconds['scheduled_run'] / seconds['full_rebuild']:.2f}"
        )
        for table in ("event_sessions", "sessions"):
            written, total = rewritten(warehouse / table, run["started"], run["ended"])
            print(
                f"  {table}: {written} of {total} day partitions rewritten by the run"
            )


if __name__ == "__main__":
    main()
