"""The benchmark: the project's full build, a 1% scheduled run, a hand-written single-statement
DuckDB reference and the pandas reference resolver, side by side, at several sizes.

    .venv/bin/python bench/run.py --sizes 1000000,3000000,10000000

Each measurement runs in a fresh process (peak RSS of that process from os.wait4) and a fresh
DuckDB file; the contenders alternate within each repetition (their order rotates), and
each size is repeated --repeats times (medians reported). Writes bench/results.md and
bench/results.json. DuckDB settings come from FIRSTPARTY_DUCKDB_MEMORY_LIMIT and
FIRSTPARTY_DUCKDB_THREADS (the profile reads the same variables; defaults here 3GB and 2).

Contenders (exact commands are written into the results):

* build       dbt run --full-refresh --vars '{raw_events_path: FILE}'  (every model, no tests)
* reference   bench/reference_query.sql: one statement per output, run by this script
              (--run-reference) with the same DuckDB settings
* pandas      firstparty-sessions resolve FILE --out-dir DIR  (firstparty_sessions.reference)
              at sizes <= --pandas-max-events only
* run_1pct    a scheduled run adding 1% new events to the built history: only when the project
              has incremental models (models/marts/event_sessions.sql is materialized
              'incremental' or uses is_incremental).
              The raw file is split by received_at: the history is the rows before its 99th
              percentile (and every row whose received_at is not a time), the 1% delta the
              rows from it on, i.e. the latest landed rows, as a schedule sees them. Untimed:
              `dbt run --full-refresh` over the history; timed: `dbt run` over the whole file
              (history + delta). --incremental-command overrides how it is run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "bench"
BIN = Path(sys.executable).parent
DBT = str(BIN / "dbt")
CLI = str(BIN / "firstparty-sessions")
REFERENCE_SQL = BENCH / "reference_query.sql"
INCREMENTAL_MARKER = PROJECT / "models" / "marts" / "event_sessions.sql"


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""


GENERATED: dict[int, Measure] = {}


@dataclass
class Result:
    contender: str
    size: int
    command: str
    runs: list[Measure] = field(default_factory=list)
    skipped: str = ""

    @property
    def median(self) -> float | None:
        good = [run.seconds for run in self.runs if run.ok]
        return statistics.median(good) if good else None

    @property
    def peak_mb(self) -> float | None:
        good = [run.peak_mb for run in self.runs if run.ok]
        return max(good) if good else None


def run_measured(command: list[str], log: Path, env: dict[str, str] | None = None) -> Measure:
    """Run `command` in a fresh process; wall seconds and that process's peak RSS."""
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    ok = process.returncode == 0
    note = "" if ok else f"exit {process.returncode}, see {log}"
    return Measure(seconds, usage.ru_maxrss / 1024, ok, note)


def settings_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("FIRSTPARTY_DUCKDB_MEMORY_LIMIT", "3GB")
    env.setdefault("FIRSTPARTY_DUCKDB_THREADS", "2")
    env.setdefault("FIRSTPARTY_DBT_THREADS", "2")
    return env


def has_incremental_models() -> bool:
    text = INCREMENTAL_MARKER.read_text(encoding="utf-8")
    return "is_incremental" in text or "materialized='incremental'" in text


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal"):
                memory_kb = int(line.split()[1])
    versions = {}
    for package in ("duckdb", "dbt-core", "dbt-duckdb", "pandas", "pyarrow", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu_model": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
        "load_average_at_start": os.getloadavg(),
    }


def generate(size: int, seed: int, path: Path, log_dir: Path) -> Measure:
    if path.exists():
        return Measure(0.0, 0.0, True, "already there")
    command = [CLI, "generate", "--events", str(size), "--out", str(path), "--seed", str(seed)]
    measure = run_measured(command, log_dir / f"generate_{path.stem}.log")
    if not measure.ok:
        raise SystemExit(f"generating {path} failed: {measure.note}")
    return measure


def split_history(raw: Path, history: Path, delta: Path, share: float = 0.01) -> None:
    """raw = history + delta by received_at: delta holds the latest `share` of the rows (from
    the (1 - share) quantile of received_at on), history the rest, including every row whose
    received_at is not a time (rejects either way). So the delta lands after the history, as
    a scheduled run sees new rows (a delta generated apart would spread over the whole year
    and land mostly before the history's landing window)."""
    if history.exists() and delta.exists():
        return
    import duckdb

    columns = "event_id, source_id, source_type, received_at, payload, cookie"
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute("set enable_progress_bar = false")
        con.execute(
            f"create temp table timed as select {columns}, "
            f"try_cast(received_at as timestamptz) as landed_at from read_parquet('{raw}')"
        )
        cutoff = con.execute(f"select quantile_disc(landed_at, {1 - share}) from timed")
        cutoff_value = cutoff.fetchone()[0]  # type: ignore[index]
        con.execute(
            f"copy (select {columns} from timed where landed_at is null or landed_at < $1) "
            f"to '{history}' (format parquet)",
            [cutoff_value],
        )
        con.execute(
            f"copy (select {columns} from timed where landed_at >= $1) to '{delta}' "
            "(format parquet)",
            [cutoff_value],
        )


def dbt_command(raw: Path, full_refresh: bool) -> list[str]:
    command = [DBT, "run"]
    if full_refresh:
        command.append("--full-refresh")
    return [*command, "--vars", f"{{raw_events_path: '{raw}'}}", "--target-path",
            "target/bench", "--log-path", "target/bench/logs"]  # fmt: skip


def run_reference(raw: str, database: str) -> None:
    """--run-reference: execute bench/reference_query.sql on `raw` into `database`."""
    import duckdb

    env = settings_env()
    text = REFERENCE_SQL.read_text(encoding="utf-8").replace("{raw}", raw)
    with duckdb.connect(database) as con:
        con.execute(f"set threads = {int(env['FIRSTPARTY_DUCKDB_THREADS'])}")
        con.execute(f"set memory_limit = '{env['FIRSTPARTY_DUCKDB_MEMORY_LIMIT']}'")
        con.execute("set TimeZone = 'UTC'")
        for statement in text.split("\n-- ;\n"):
            if statement.strip():
                con.execute(statement)


def fresh(path: Path) -> Path:
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def bench_size(args: argparse.Namespace, size: int, work: Path) -> list[Result]:
    env = settings_env()
    logs = work / "logs"
    raw = work / f"raw_{size}.parquet"
    history = work / f"history_{size}.parquet"
    delta = work / f"latest_1pct_{size}.parquet"
    combined = raw
    gen = generate(size, args.seed, raw, logs)
    GENERATED[size] = gen
    print(f"[{size:,}] raw file {raw} ({gen.seconds:.1f} s to generate, {gen.peak_mb:.0f} MB)")
    database = work / f"bench_{size}.duckdb"

    build = Result("build", size, shlex.join(dbt_command(raw, True)))
    reference = Result(
        "reference", size, shlex.join([sys.executable, "bench/run.py", "--run-reference",
                                       str(raw), str(database)]))  # fmt: skip
    pandas_out = work / f"pandas_{size}"
    pandas = Result(
        "pandas", size, shlex.join([CLI, "resolve", str(raw), "--out-dir", str(pandas_out)])
    )
    incremental = Result("run_1pct", size, "")
    results = [build, reference, pandas, incremental]
    if size > args.pandas_max_events:
        pandas.skipped = f"skipped: above --pandas-max-events {args.pandas_max_events:,}"
    if args.incremental_command:
        incremental.command = args.incremental_command
    elif has_incremental_models():
        incremental.command = shlex.join(dbt_command(combined, False))
    else:
        incremental.skipped = (
            "not available: models/marts/event_sessions.sql is not incremental on this "
            "branch (the incremental models are being written in parallel); no number is given"
        )
    if not incremental.skipped and not (history.exists() and delta.exists()):
        # in a process of its own: this one's resident size would be a floor under every
        # measured child's peak (a forked child starts with the parent's pages)
        command = [sys.executable, str(BENCH / "run.py"), "--split-history", str(raw),
                   str(history), str(delta)]  # fmt: skip
        subprocess.run(command, check=True)

    def time_build(rep: int) -> None:
        fresh(database)
        build.runs.append(run_measured(dbt_command(raw, True), logs / f"build_{size}_{rep}.log",
                                       {**env, "FIRSTPARTY_DUCKDB_PATH": str(database)}))  # fmt: skip

    def time_reference(rep: int) -> None:
        fresh(database)
        command = [sys.executable, str(BENCH / "run.py"), "--run-reference", str(raw),
                   str(database)]  # fmt: skip
        reference.runs.append(run_measured(command, logs / f"reference_{size}_{rep}.log", env))

    def time_pandas(rep: int) -> None:
        shutil.rmtree(pandas_out, ignore_errors=True)
        command = [CLI, "resolve", str(raw), "--out-dir", str(pandas_out)]
        pandas.runs.append(run_measured(command, logs / f"pandas_{size}_{rep}.log", env))

    def time_incremental(rep: int) -> None:
        # untimed: the full build of the history, then the timed run over history + 1%
        fresh(database)
        db_env = {**env, "FIRSTPARTY_DUCKDB_PATH": str(database)}
        prepared = run_measured(
            dbt_command(history, True), logs / f"prep_{size}_{rep}.log", db_env
        )
        if not prepared.ok:
            incremental.runs.append(Measure(0, 0, False, "history build failed"))
            return
        command = incremental.command
        if args.incremental_command:
            command = command.format(
                db=database, history=history, delta=delta, combined=combined, project=PROJECT
            )
        incremental.runs.append(
            run_measured(shlex.split(command), logs / f"run_1pct_{size}_{rep}.log", db_env)
        )

    timers = [(build, time_build), (reference, time_reference), (pandas, time_pandas),
              (incremental, time_incremental)]  # fmt: skip
    active = [(result, timer) for result, timer in timers if not result.skipped]
    for rep in range(args.repeats):
        order = active[rep % len(active) :] + active[: rep % len(active)]
        for result, timer in order:
            timer(rep)
            last = result.runs[-1]
            status = "" if last.ok else f"  FAILED: {last.note}"
            print(f"[{size:,}] rep {rep + 1} {result.contender:<9} {last.seconds:8.2f} s "
                  f"{last.peak_mb:7.0f} MB{status}", flush=True)  # fmt: skip
    for result in results:
        if result.skipped:
            print(f"[{size:,}] {result.contender}: {result.skipped}")
    fresh(database)
    return results


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def summarise(results: list[Result], sizes: list[int]) -> dict[str, Any]:
    by = {(r.contender, r.size): r for r in results}
    rows = []
    for size in sizes:
        build, reference = by[("build", size)], by[("reference", size)]
        pandas, inc = by[("pandas", size)], by[("run_1pct", size)]
        millions = size / 1e6
        rows.append(
            {
                "size": size,
                "build_s": build.median,
                "build_peak_mb": build.peak_mb,
                "reference_s": reference.median,
                "reference_peak_mb": reference.peak_mb,
                "pandas_s": pandas.median,
                "pandas_peak_mb": pandas.peak_mb,
                "run_1pct_s": inc.median,
                "run_1pct_peak_mb": inc.peak_mb,
                "build_over_reference": ratio(build.median, reference.median),
                "pandas_over_build": ratio(pandas.median, build.median),
                "run_1pct_over_build": ratio(inc.median, build.median),
                "build_s_per_million": ratio(build.median, millions),
                "reference_s_per_million": ratio(reference.median, millions),
                "pandas_s_per_million": ratio(pandas.median, millions),
            }
        )
    return {"rows": rows}


def write_results(
    args: argparse.Namespace, results: list[Result], sizes: list[int], host: dict[str, Any]
) -> None:
    summary = summarise(results, sizes)
    env = settings_env()
    settings = {
        name: env[name]
        for name in ("FIRSTPARTY_DUCKDB_MEMORY_LIMIT", "FIRSTPARTY_DUCKDB_THREADS",
                     "FIRSTPARTY_DBT_THREADS")  # fmt: skip
    }
    payload = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/run.py " + shlex.join(sys.argv[1:]),
        "machine": host,
        "settings": settings,
        "repeats": args.repeats,
        "results": [
            {
                "contender": r.contender,
                "size": r.size,
                "command": r.command,
                "skipped": r.skipped or None,
                "median_s": r.median,
                "peak_mb": r.peak_mb,
                "runs": [vars(m) for m in r.runs],
            }
            for r in results
        ],
        "summary": summary["rows"],
        "generator": {
            str(size): vars(m) for size, m in GENERATED.items()
        },
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "results.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")

    v = host["versions"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{payload['command']}` at {payload['generated_at']} "
        f"({args.repeats} repetitions per size, contenders alternating; medians).",
        "",
        f"Machine: {host['nproc']} CPUs ({host['cpu_model']}), {host['memory_gib']} GiB, "
        f"Linux {host['kernel']}; Python {host['python']}, duckdb {v['duckdb']}, "
        f"dbt-core {v['dbt-core']}, dbt-duckdb {v['dbt-duckdb']}, pandas {v['pandas']}, "
        f"pyarrow {v['pyarrow']}. Load average at start: "
        + ", ".join(f"{x:.2f}" for x in host["load_average_at_start"])
        + " (other jobs shared the machine: compare ratios, not absolute times).",
        "",
        "DuckDB settings (environment, read by profiles.yml and by the reference runner): "
        + ", ".join(f"`{k}={val}`" for k, val in settings.items())
        + ".",
        "",
        "## Time and peak memory (median seconds; peak RSS of the process, MB)",
        "",
        "| events | build s | build MB | reference s | reference MB | pandas s | pandas MB "
        "| 1% run s | 1% run MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in summary["rows"]:
        lines.append(
            f"| {row['size']:,} | {fmt(row['build_s'])} | {fmt(row['build_peak_mb'], 0)} "
            f"| {fmt(row['reference_s'])} | {fmt(row['reference_peak_mb'], 0)} "
            f"| {fmt(row['pandas_s'])} | {fmt(row['pandas_peak_mb'], 0)} "
            f"| {fmt(row['run_1pct_s'])} | {fmt(row['run_1pct_peak_mb'], 0)} |"
        )
    lines += [
        "",
        "## Ratios",
        "",
        "| events | build / reference | pandas / build | 1% run / build "
        "| build s per M rows | reference s per M rows | pandas s per M rows |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in summary["rows"]:
        lines.append(
            f"| {row['size']:,} | {fmt(row['build_over_reference'])} "
            f"| {fmt(row['pandas_over_build'], 1)} | {fmt(row['run_1pct_over_build'])} "
            f"| {fmt(row['build_s_per_million'])} | {fmt(row['reference_s_per_million'])} "
            f"| {fmt(row['pandas_s_per_million'])} |"
        )
    rows = summary["rows"]
    if len(rows) > 1 and rows[0]["build_s_per_million"] and rows[-1]["build_s_per_million"]:
        growth = rows[-1]["build_s_per_million"] / rows[0]["build_s_per_million"]
        lines += [
            "",
            f"Growth: build time per million rows at {rows[-1]['size']:,} is {growth:.2f}x "
            f"that at {rows[0]['size']:,} (1.00 = linear).",
        ]
    lines += ["", "## The generator", "",
              "`firstparty-sessions generate --events N --out FILE.parquet --seed S`, "
              "one run each (0 s: the file was already there):", ""]  # fmt: skip
    for size, m in GENERATED.items():
        lines.append(f"- {size:,} events: {m.seconds:.1f} s, peak {m.peak_mb:.0f} MB")
    lines += ["", "## Commands and skipped measurements", ""]
    for r in results:
        what = r.skipped if r.skipped else f"`{r.command}`"
        lines.append(f"- {r.contender} at {r.size:,}: {what}")
    lines += ["", "## Every run", "", "| contender | events | seconds | peak MB | ok |",
              "|---|---:|---:|---:|---|"]  # fmt: skip
    for r in results:
        for m in r.runs:
            lines.append(
                f"| {r.contender} | {r.size:,} | {m.seconds:.2f} | {m.peak_mb:.0f} "
                f"| {'yes' if m.ok else 'no: ' + m.note} |"
            )
    (args.out_dir / "results.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run-reference":
        run_reference(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--split-history":
        split_history(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,3000000,10000000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pandas-max-events", type=int, default=1_000_000)
    parser.add_argument(
        "--incremental-command",
        help="how to run the 1%% scheduled run after the history is built; placeholders "
        "{db} {history} {delta} {combined} {project}. Default when the project has "
        "incremental models: dbt run --vars '{raw_events_path: COMBINED}' over history + "
        "1%% (the raw file; the history, its rows before the 99th percentile of received_at, "
        "is built first, untimed)",
    )
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/firstparty-bench"))
    parser.add_argument("--out-dir", type=Path, default=BENCH)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    (args.work_dir / "logs").mkdir(parents=True, exist_ok=True)
    host = machine()
    results: list[Result] = []
    for number, size in enumerate(sizes):
        results += bench_size(args, size, args.work_dir)
        # written after every size, so that a long run leaves its finished sizes behind
        write_results(args, results, sizes[: number + 1], host)


if __name__ == "__main__":
    main()
