"""What a scheduled run costs against a full rebuild.

Generates N raw events (default 1,000,000), lands the first 99% (by received_at) in a
DuckDB table and builds the project, then lands the last 1% and times a scheduled
`dbt run` against a `dbt run --full-refresh` over the same rows. Prints the time of
each (the models only, from dbt's run_results.json, and the whole command) and the
ratios. Usage:

    python bench/scheduled_run_cost.py [--events 1000000] [--new-share 0.01] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from firstparty_sessions.generate import generate_raw_events

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = str(Path(sys.executable).with_name("dbt"))


def dbt_run(root: Path, dbt_vars: str, *extra: str) -> tuple[float, float, dict[str, float]]:
    """(wall seconds, models seconds, seconds per model) of one `dbt run`."""
    env = {**os.environ, "FIRSTPARTY_DUCKDB_PATH": str(root / "warehouse.duckdb")}
    started = time.perf_counter()
    subprocess.run(
        [
            DBT, "run", "--vars", dbt_vars, *extra,
            "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--target-path", str(root / "target"), "--log-path", str(root / "logs"),
        ],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    results = json.loads((root / "target" / "run_results.json").read_text())
    per_model = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}
    return wall, float(results["elapsed_time"]), per_model


def land(root: Path, rows: pd.DataFrame) -> None:
    with duckdb.connect(str(root / "warehouse.duckdb")) as connection:
        connection.execute("create schema if not exists landing")
        connection.register("batch", rows.astype(object))
        connection.execute(
            "create table if not exists landing.raw_events as select * from batch where false"
        )
        connection.execute("insert into landing.raw_events select * from batch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--new-share", type=float, default=0.01)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    raw = generate_raw_events(options.events, seed=options.seed)
    order = pd.to_datetime(raw["received_at"], errors="coerce", format="mixed")
    raw = raw.assign(_order=order).sort_values("_order", na_position="first", kind="stable")
    raw = raw.drop(columns="_order").reset_index(drop=True)
    split = int(len(raw) * (1 - options.new_share))
    mode = "known" if options.strict else "format"
    dbt_vars = (
        "{raw_events_schema: landing, raw_events_table: raw_events, "
        f"session_id_validation: {mode}}}"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        land(root, raw.iloc[:split])
        dbt_run(root, dbt_vars)
        land(root, raw.iloc[split:])
        scheduled = dbt_run(root, dbt_vars)
        full = dbt_run(root, dbt_vars, "--full-refresh")

    new_rows = len(raw) - split
    print(f"{options.events:,} raw rows, {new_rows:,} new ({options.new_share:.1%}), {mode} mode")
    for name, (wall, models, per_model) in (("scheduled run", scheduled), ("full rebuild", full)):
        detail = ", ".join(f"{model} {seconds:.2f}s" for model, seconds in per_model.items())
        print(f"{name:>14}: {wall:6.2f}s wall, {models:6.2f}s models ({detail})")
    wall_ratio = scheduled[0] / full[0]
    models_ratio = scheduled[1] / full[1]
    print(f"ratio scheduled/full: {wall_ratio:.2f} wall, {models_ratio:.2f} models")


if __name__ == "__main__":
    main()
