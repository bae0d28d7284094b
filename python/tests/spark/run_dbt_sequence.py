"""Runs a list of dbt commands in ONE process, so that Spark (session mode) starts once.

Run with the Python of the Spark venv (it needs dbt-spark, nothing of this project):
    python run_dbt_sequence.py STEPS.json RESULTS.json
STEPS.json is a list of {"name": ..., "args": [...], "env": {...}, "copy": [FROM, TO]};
each step's env is set and its file copied (when "copy" is given: a landing file that
grows from step to step at one path), then `dbt ARGS` runs in-process. A step
{"name": ..., "export": [[RELATION, FOLDER], ...]} instead writes each relation (a table or
a view, schema.name) as Parquet files into its folder, with the Spark session dbt started
(the marts are views: their rows exist only through Spark). RESULTS.json
gets, per step name, whether it succeeded (and if not, why) and when it started and ended
(seconds since 1970). Every step
runs, whatever happened to the ones before, unless it names in "after" a step that failed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from dbt.cli.main import dbtRunner


def main(arguments: list[str]) -> int:
    steps = json.loads(Path(arguments[0]).read_text())
    results: dict[str, dict[str, object]] = {}
    for step in steps:
        after = step.get("after")
        if after is not None and not results[after]["success"]:
            results[step["name"]] = {"success": False, "error": f"skipped: {after} failed"}
            continue
        if step.get("export"):
            results[step["name"]] = export(step["export"])
            continue
        os.environ.update(step.get("env", {}))
        if step.get("copy"):
            source, target = step["copy"]
            shutil.copyfile(source, target)
        started = time.time()
        outcome = dbtRunner().invoke(step["args"])
        error = None if outcome.success else repr(outcome.exception or outcome.result)[-4000:]
        results[step["name"]] = {
            "success": bool(outcome.success),
            "error": error,
            "started": started,
            "ended": time.time(),
        }
        print(f"{step['name']}: {'ok' if outcome.success else 'FAILED'}", flush=True)
    Path(arguments[1]).write_text(json.dumps(results, indent=1))
    return 0


def export(relations: list[list[str]]) -> dict[str, object]:
    """Writes each relation into its folder as Parquet (Spark's session: the one dbt-spark
    opened in this process)."""
    from pyspark.sql import SparkSession

    started = time.time()
    try:
        spark = SparkSession.builder.getOrCreate()
        for relation, folder in relations:
            spark.table(relation).write.mode("overwrite").parquet(folder)
    except Exception as error:  # reported as the step's failure
        return {"success": False, "error": repr(error)[-4000:], "started": started}
    return {"success": True, "error": None, "started": started, "ended": time.time()}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
