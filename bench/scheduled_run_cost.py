"""What a scheduled run costs as the history grows (issue 9, items 3 and 4).

For each history size N: generates N + 2 x 19,800 raw rows (`firstparty-sessions generate`),
lands the oldest N (by received_at) in the table landing.raw_events as 10 loads (column
_loaded_at = 1..10) and builds the project on them (`dbt run`, untimed), once with the load
column (var raw_events_load_column) and once without (a run refuses a configuration other than
the tables'). Then two more loads of 20,000 rows whatever N (19,800 newer rows and 200 exact
re-deliveries of old rows each): the first is the previous hour's, taken by a scheduled
`dbt run` (untimed), so that the timed runs start from the steady state of an hourly schedule
(where the previous run was a scheduled one, not a full build); the second is the timed
runs' landing. Once every history is built, each timed command is a `dbt`
subprocess (wall time includes dbt's start-up) on its own copy of its database (written to
disk before the command starts); in each
repetition the same command runs at every size in a row (side by side), the order rotating:

* scheduled run / scheduled build: `dbt run` / `dbt build` (no audit tests; see BUILD), with
  and without the load column;
* at the smallest size, with the load column: full run / full build: the same with
  `--full-refresh`, over the same landed rows.

Prints the figures and writes bench/scheduled_runs.md: the machine, medians, growth ratios,
the targets, per-model times, and the figures from before the run-state design. DuckDB settings
come from FIRSTPARTY_DUCKDB_THREADS / FIRSTPARTY_DUCKDB_MEMORY_LIMIT (default: profiles.yml's).

    .venv/bin/python bench/scheduled_run_cost.py --histories 1000000,4000000,10000000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb
from run import settings_env

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RAW_COLUMNS = "event_id, source_id, source_type, received_at, payload, cookie"
LOAD_COLUMN = "_loaded_at"
HISTORY_LOADS = 10
NEW_ROWS = 20_000
REDELIVERED = 200
# Rows generated beyond the history: the previous load and the timed one, each less its
# re-deliveries (which are old rows).
GENERATED_AFTER_HISTORY = 2 * (NEW_ROWS - REDELIVERED)
# A build runs what the default selector (selectors.yml) runs: every model and data test but
# the audit (and no unit test).
BUILD = ["build"]
TARGETS = {"growth": 1.2, "full build / run": 1.3, "scheduled build / run": 1.5}
BEFORE = [  # old main (a cutoff window over received_at), for comparison
    (
        "README 'Scheduled runs' (2026-11-29): 1M events, newest 1% (10,000 rows) land; "
        "scheduled `dbt run`",
        "7.8 s wall, models 4.0 s",
    ),
    ("same rows, `dbt run --full-refresh`", "22.5 s wall, models 18.1 s (scheduled/full 0.35)"),
    ("issue 9: scheduled `dbt build`, 20,000 new rows", "25.5 s at 1M, 62.5 s at 4M: 2.45x"),
    ("issue 9: scheduled `dbt run`, 20,000 new rows", "9.2 s at 1M, 12.0 s at 4M: 1.30x"),
    ("issue 9: full `dbt build` at 2M", "305 s, of which models 68 s"),
]
STARTED = time.perf_counter()


@dataclass(frozen=True)
class Contender:
    kind: str  # "scheduled" or "full"
    verb: str  # "run" or "build"
    by_load: bool

    @property
    def label(self) -> str:
        return f"{self.kind} {self.verb}, {'load column' if self.by_load else 'no load column'}"

    @property
    def command(self) -> list[str]:
        command = BUILD if self.verb == "build" else ["run"]
        return [*command, "--full-refresh"] if self.kind == "full" else command


@dataclass
class Timing:
    wall: float
    elapsed: float = 0.0  # dbt's own elapsed_time: all but its start-up
    nodes: dict[str, float] = field(default_factory=dict)  # seconds per node (unique_id)
    error: str = ""

    def sum(self, kind: str) -> float:
        return sum(s for node, s in self.nodes.items() if node.startswith(kind + "."))


Results = dict[int, dict[Contender, list[Timing]]]


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f} s] {message}", file=sys.stderr, flush=True)


def dbt(work: Path, by_load: bool, command: list[str]) -> Timing:
    """One `dbt` subprocess on work/run.duckdb. Same vars, database path and target folder on
    every run of a mode, so that dbt's partial parsing works as on a schedule."""
    load = f", raw_events_load_column: {LOAD_COLUMN}" if by_load else ""
    target = work / f"target_{'load' if by_load else 'noload'}"
    args = [
        str(BIN / "dbt"),
        *command,
        "--vars",
        f"{{raw_events_schema: landing, raw_events_table: raw_events{load}}}",
        "--project-dir",
        str(PROJECT),
        "--profiles-dir",
        str(PROJECT),
        "--target-path",
        str(target),
        "--log-path",
        str(work / "logs"),
    ]
    env = {**settings_env(), "FIRSTPARTY_DUCKDB_PATH": str(work / "run.duckdb")}
    started = time.perf_counter()
    done = subprocess.run(args, cwd=PROJECT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
        errors = [line for line in lines if "Error" in line or "refusing" in line]
        return Timing(wall, error=(errors or lines or [f"exit {done.returncode}"])[-1][:300])
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    nodes = {r["unique_id"]: float(r["execution_time"]) for r in results["results"]}
    return Timing(wall, float(results["elapsed_time"]), nodes)


def fresh(database: Path) -> Path:
    for suffix in ("", ".wal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return database


def prepare_inputs(size: int, seed: int, work: Path) -> list[Path]:
    """history.parquet (N rows in loads 1..10 by received_at), then previous.parquet (load 11)
    and new.parquet (load 12): newer rows of the generated set and re-deliveries of old rows
    (other ones in each)."""
    names = ("raw", "history", "previous", "new")
    raw, history, *loads = (work / f"{name}.parquet" for name in names)
    fresh_rows = NEW_ROWS - REDELIVERED
    generate = [
        str(BIN / "firstparty-sessions"),
        "generate",
        "--out",
        str(raw),
        "--seed",
        str(seed),
        "--events",
        str(size + GENERATED_AFTER_HISTORY),
    ]
    subprocess.run(generate, check=True, capture_output=True)
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(
            f"create table ordered as select {RAW_COLUMNS}, row_number() over (order by "
            "try_cast(received_at as timestamptz) nulls first, file_row_number) as position "
            f"from read_parquet('{raw}', file_row_number = true)"
        )
        con.execute(
            f"copy (select {RAW_COLUMNS}, ntile({HISTORY_LOADS}) over (order by position) "
            f"as {LOAD_COLUMN} from ordered where position <= {size}) to '{history}'"
        )
        for number, load in enumerate(loads):
            redelivered = (
                f"select {RAW_COLUMNS} from ordered where position <= {size} and event_id is "
                "not null and try_cast(received_at as timestamptz) is not null "
                f"order by hash(event_id, position) limit {REDELIVERED} "
                f"offset {number * REDELIVERED}"
            )
            first = size + number * fresh_rows
            con.execute(
                f"copy (select *, {HISTORY_LOADS + 1 + number} as {LOAD_COLUMN} from (select "
                f"{RAW_COLUMNS} from ordered where position > {first} and position <= "
                f"{first + fresh_rows} union all ({redelivered}))) to '{load}'"
            )
    raw.unlink()
    return [history, *loads]


def build_history(size: int, by_load: bool, inputs: list[Path], work: Path) -> Path:
    """A database after a full run on the history and a scheduled run on the previous load,
    with the new load landed."""
    history, previous, new = inputs
    database = fresh(work / "run.duckdb")
    with duckdb.connect(str(database)) as con:
        con.execute("create schema landing")
        con.execute(f"create table landing.raw_events as select * from read_parquet('{history}')")
    walls = []
    for load in (previous, new):
        built = dbt(work, by_load, ["run"])
        if built.error:
            raise SystemExit(f"the history build at {size:,} failed: {built.error}")
        walls.append(built.wall)
        with duckdb.connect(str(database)) as con:
            con.execute(f"insert into landing.raw_events select * from read_parquet('{load}')")
    snapshot = work / f"history_{size}_{'load' if by_load else 'noload'}.duckdb"
    database.rename(snapshot)
    mode = "with" if by_load else "without"
    progress(
        f"{size:,}: history built {mode} the load column in {walls[0]:.1f} s, "
        f"the previous load taken in {walls[1]:.1f} s"
    )
    return snapshot


def measure(sizes: list[int], repeats: int, seed: int, work: Path) -> Results:
    """Builds every history first, then times the contenders of every size side by side: the
    same command at each size in a row, the order rotating with each repetition."""
    snapshots: dict[tuple[int, bool], Path] = {}
    for size in sizes:
        inputs = prepare_inputs(size, seed, work)
        progress(f"{size:,}: {size + GENERATED_AFTER_HISTORY:,} rows generated")
        for by_load in (True, False):
            snapshots[size, by_load] = build_history(size, by_load, inputs, work)
        for path in inputs:
            path.unlink()
    order = [
        (size, Contender("scheduled", verb, by_load))
        for by_load in (True, False)
        for verb in ("run", "build")
        for size in sizes
    ]
    order += [(sizes[0], Contender("full", verb, True)) for verb in ("run", "build")]
    results: Results = {size: {} for size in sizes}
    for size, contender in order:
        results[size][contender] = []
    for rep in range(repeats):
        shift = rep * len(order) // repeats
        for size, contender in order[shift:] + order[:shift]:
            shutil.copyfile(snapshots[size, contender.by_load], fresh(work / "run.duckdb"))
            # The copy's pages to disk first: else the run's first checkpoint (an fsync) writes
            # them, a cost of the copy that grows with the file (1 s at 10M), not of the run.
            os.sync()
            timing = dbt(work, contender.by_load, contender.command)
            results[size][contender].append(timing)
            outcome = timing.error and f"FAILED: {timing.error}"
            outcome = outcome or f"{timing.sum('model'):.1f} s models, {tests(timing):.1f} s tests"
            progress(
                f"rep {rep + 1}, {size:>10,}: {contender.label:<34} {timing.wall:6.1f} s wall, "
                + outcome
            )
    for database in [*snapshots.values(), work / "run.duckdb"]:
        fresh(database)
    return results


def tests(timing: Timing) -> float:
    return timing.sum("test") + timing.sum("unit_test")


def median(timings: list[Timing], value: Callable[[Timing], float]) -> float | None:
    good = [value(timing) for timing in timings if not timing.error]
    return statistics.median(good) if good else None


def node_median(timings: list[Timing], node: str) -> float:
    return median(timings, lambda t: t.nodes.get(node, 0.0)) or 0.0


def wall(timing: Timing) -> float:
    return timing.wall


def models(timing: Timing) -> float:
    return timing.sum("model")


def fmt(value: float | None, digits: int = 1) -> str:
    return "failed" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def ratio_of(
    a: list[Timing], b: list[Timing], value: Callable[[Timing], float] = wall
) -> float | None:
    return ratio(median(a, value), median(b, value))


def millions(size: int) -> str:
    return f"{size / 1e6:g}M"


def name(node: str) -> str:
    kind, _, *rest = node.split(".")
    return rest[-1] if kind == "model" else f"{kind} {rest[-1 if kind == 'unit_test' else 0]}"


def top(seconds: dict[str, float], count: int = 3) -> str:
    ranked = sorted(seconds.items(), key=lambda item: -abs(item[1]))[:count]
    return ", ".join(f"{name(node)} {value:+.1f} s" for node, value in ranked)


def report(results: Results, repeats: int) -> str:
    env, sizes = settings_env(), sorted(results)
    small, large = sizes[0], sizes[-1]
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    memory_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("dbt-core", "dbt-duckdb", "duckdb"))

    def at(size: int, kind: str, verb: str, by_load: bool = True) -> list[Timing]:
        return results[size][Contender(kind, verb, by_load)]

    lines = [
        "# Scheduled runs: cost as the history grows",
        "",
        f"`.venv/bin/python bench/scheduled_run_cost.py --histories "
        f"{','.join(map(str, sizes))} --repeats {repeats}`, {datetime.now(UTC):%Y-%m-%d} "
        f"(UTC). Machine: `nproc` {os.cpu_count()}, {memory_kb / 1024**2:.1f} GiB; DuckDB "
        f"threads {env['FIRSTPARTY_DUCKDB_THREADS']}, memory limit "
        f"{env['FIRSTPARTY_DUCKDB_MEMORY_LIMIT']} (FIRSTPARTY_DUCKDB_THREADS / _MEMORY_LIMIT), "
        f"dbt threads {env['FIRSTPARTY_DBT_THREADS']}; {versions}. Shared with other jobs "
        f"(load average {os.getloadavg()[2]:.1f} over the last 15 minutes at the end): "
        "compare ratios, not seconds.",
        "",
        f"A history of N events landed as {HISTORY_LOADS} loads, built once per mode (untimed), "
        f"then two loads of {NEW_ROWS:,} rows ({NEW_ROWS - REDELIVERED:,} newer generated rows, "
        f"{REDELIVERED} re-deliveries of old events each): the first taken by a scheduled "
        "`dbt run` (untimed: an hourly schedule's steady state), the second the timed "
        "commands' landing. Every command is a `dbt` "
        f"subprocess on its own copy of that database, synced to disk before the command "
        "starts (else the run's first checkpoint, an fsync, writes the copy's pages: 1 s at "
        f"10M, a cost of the copy, not of the run); medians of {repeats}, contenders "
        "alternating. `run` is `dbt run`; `build` is `"
        + " ".join(["dbt", *BUILD])
        + "` (the default selector: every model and data test but the audit; no unit test). "
        "Start-up: wall less dbt's elapsed_time; models, tests: sums of run_results.json "
        "execution times (two dbt threads: they overlap).",
        "",
        "| history | command | wall s | start-up s | models s | tests s |",
        "|---|---|---|---|---|---|",
    ]
    for size in sizes:
        for contender, timings in results[size].items():
            cells = [
                median(timings, wall),
                median(timings, lambda t: t.wall - t.elapsed),
                median(timings, models),
                median(timings, tests),
            ]
            lines.append(f"| {size:,} | {contender.label} | " + " | ".join(map(fmt, cells)) + " |")
    lines += [
        "",
        "Growth with the history, wall (models):",
        "",
        "| command | " + " | ".join(f"{millions(s)}/{millions(small)}" for s in sizes[1:]) + " |",
        "|---|" + "---|" * (len(sizes) - 1),
    ]

    def grown(contender: Contender, size: int, value: Callable[[Timing], float]) -> str:
        return fmt(ratio_of(results[size][contender], results[small][contender], value), 2)

    for contender in [c for c in results[small] if c.kind == "scheduled"]:
        ratios = [f"{grown(contender, s, wall)} ({grown(contender, s, models)})" for s in sizes[1:]]
        lines.append(f"| {contender.label} | " + " | ".join(ratios) + " |")
    pairs = {  # target: (numerator, denominator)
        "growth": (at(large, "scheduled", "build"), at(small, "scheduled", "build")),
        "full build / run": (at(small, "full", "build"), at(small, "full", "run")),
        "scheduled build / run": (at(small, "scheduled", "build"), at(small, "scheduled", "run")),
    }
    texts = {
        "growth": f"scheduled build, load column, {millions(large)}/{millions(small)}",
        "full build / run": f"full build / full run at {millions(small)}, load column",
        "scheduled build / run": f"scheduled build / scheduled run at {millions(small)}, "
        "load column",
    }
    lines += [
        "",
        "| target (wall) | aim | medians | within each repetition | |",
        "|---|---|---|---|---|",
    ]
    for key, (numerator, denominator) in pairs.items():
        value = ratio_of(numerator, denominator)
        each = [
            fmt(None if a.error or b.error else a.wall / b.wall, 2)
            for a, b in zip(numerator, denominator, strict=True)
        ]
        verdict = "met" if value is not None and value <= TARGETS[key] else "**missed**"
        lines.append(
            f"| {texts[key]} | <= {TARGETS[key]} | {fmt(value, 2)} | {', '.join(each)} | "
            f"{verdict} |"
        )
    lines += ["", "Where the time goes:", ""]
    for by_load in (True, False):
        builds = at(small, "scheduled", "build", by_load), at(large, "scheduled", "build", by_load)
        changes = {
            node: node_median(builds[1], node) - node_median(builds[0], node)
            for node in {node for timing in builds[1] for node in timing.nodes}
        }
        lines.append(
            f"- scheduled build {'with' if by_load else 'without'} the load column, "
            f"{millions(small)} -> {millions(large)}: models {fmt(median(builds[0], models))} s "
            f"-> {fmt(median(builds[1], models))} s; changed most: {top(changes)}."
        )
    for kind in ("full", "scheduled"):
        build, run = at(small, kind, "build"), at(small, kind, "run")
        test_nodes = {
            node
            for timing in build
            for node in timing.nodes
            if node.split(".")[0] in ("test", "unit_test")
        }
        slowest = {node: node_median(build, node) for node in test_nodes}
        difference = {
            label: (median(build, value) or 0) - (median(run, value) or 0)
            for label, value in (("wall", wall), ("models", models))
        }
        lines.append(
            f"- {kind} build - {kind} run at {millions(small)}: {difference['wall']:+.1f} s wall, "
            f"models {difference['models']:+.1f} s; the build's {len(test_nodes)} tests take "
            f"{median(build, tests) or 0:.1f} s (slowest {top(slowest)})."
        )
    columns = [
        (f"scheduled build {millions(size)}", at(size, "scheduled", "build")) for size in sizes
    ]
    columns.append((f"full build {millions(small)}", at(small, "full", "build")))
    columns += [
        (f"no load column: scheduled build {millions(size)}", at(size, "scheduled", "build", False))
        for size in (small, large)
    ]
    lines += [
        "",
        "Per-model seconds (medians); with the load column unless said:",
        "",
        "| model | " + " | ".join(title for title, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    model_nodes = sorted(
        {n for _, ts in columns for t in ts for n in t.nodes if n.startswith("model.")}
    )
    for node in model_nodes:
        seconds = [fmt(node_median(timings, node), 2) for _, timings in columns]
        lines.append(f"| {name(node)} | " + " | ".join(seconds) + " |")
    lines += [
        "",
        "Before (old main: a landing window over received_at), for comparison:",
        "",
        "| before | figure |",
        "|---|---|",
        *(f"| {t} | {f} |" for t, f in BEFORE),
    ]
    failures = [
        f"{size:,} {contender.label}: {timing.error}"
        for size in sizes
        for contender, timings in results[size].items()
        for timing in timings
        if timing.error
    ]
    if failures:
        lines += ["", "Failed commands:", "", *(f"- {failure}" for failure in failures)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--histories",
        default="1000000,4000000,10000000",
        help="history sizes, comma-separated; the smallest also gets full runs",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--work-dir", type=Path, help="kept afterwards (dbt logs, targets); default: a temp dir"
    )
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "scheduled_runs.md")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.histories.split(","))
    with tempfile.TemporaryDirectory(prefix="scheduled_runs_") as folder:
        work = args.work_dir or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        results = measure(sizes, args.repeats, args.seed, work)
    text = report(results, args.repeats)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    progress(f"wrote {args.out}")


if __name__ == "__main__":
    main()
