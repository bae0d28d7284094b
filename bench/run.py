"""The benchmark: the project's full build against the honest reference (the fastest
hand-written DuckDB SQL for the same three outputs), for a typed and a text received_at, at
several sizes; and dbt's fixed cost per run.

    .venv/bin/python bench/run.py --sizes 1000000,3000000,10000000

For each size it generates the raw events (`firstparty-sessions generate`, whose
received_at is text: the *text* variant) and converts them once, untimed, to the *typed*
variant (received_at a TIMESTAMP column, read by the received_at rule; a text that is not
an event time becomes null). Then, per variant, it times --repeats times, the two
contenders alternating within each repetition (their order rotating):

* run        `dbt run --full-refresh --vars '{raw_events_path: FILE}'` (every model, no
             tests): wall time and peak RSS of the dbt process, and the models' own time,
             the sum of the nodes' execution_time in run_results.json (per node as well);
* reference  bench/reference/outputs.sql with {typed,text}.sql's CTEs (three statements,
             one per output), run by this script in a process of its own
             (--run-reference VARIANT FILE DB) with the profile's DuckDB settings.

dbt's fixed cost is a full `dbt run --full-refresh` on a 100-row input (--fixed-rows),
per variant, timed --repeats times first. Before the timed dbt runs of each input, an
untimed `dbt parse` with the same vars and profile: the timed runs then parse partially,
as the runs of a schedule do (changed --vars or profile make dbt parse everything again).
Every measurement is a fresh process (peak RSS from os.wait4) on a fresh DuckDB file;
medians are reported. DuckDB settings are the profile's defaults (read from profiles.yml:
the memory limit, DuckDB threads, dbt threads) unless FIRSTPARTY_DUCKDB_MEMORY_LIMIT,
FIRSTPARTY_DUCKDB_THREADS or FIRSTPARTY_DBT_THREADS are set; the reference runner reads the
same variables with the same defaults.

Writes bench/results.md (the machine, the figures, the issue's targets met or missed) and
bench/results.json, after every size. Not measured here: the pandas reference and scheduled
runs (bench/scheduled_run_cost.py measures those runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
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
REFERENCE_DIR = BENCH / "reference"
VARIANTS = ("typed", "text")
TARGET = PROJECT / "target" / "bench"
SETTING_NAMES = (
    "FIRSTPARTY_DUCKDB_MEMORY_LIMIT",
    "FIRSTPARTY_DUCKDB_THREADS",
    "FIRSTPARTY_DBT_THREADS",
)


def profile_defaults() -> dict[str, str]:
    """The defaults profiles.yml gives SETTING_NAMES (`env_var('NAME', 'default')`): the one
    place they are written; every benchmark and the reference runner take them from there."""
    text = (PROJECT / "profiles.yml").read_text()
    found = dict(re.findall(r"env_var\('(FIRSTPARTY_\w+)', '([^']*)'\)", text))
    missing = [name for name in SETTING_NAMES if name not in found]
    if missing:
        raise SystemExit(f"profiles.yml gives no env_var default for {', '.join(missing)}")
    return {name: found[name] for name in SETTING_NAMES}


DEFAULT_SETTINGS = profile_defaults()
# The targets (README.md, "Performance").
MODELS_OVER_REFERENCE_MAX = 1.2
RUN_OVER_REFERENCE_MAX = 1.1
# 4 GB (decimal) in the MB of this report (MiB: the peak RSS / 1024**2).
PEAK_MAX_MB = 4e9 / 2**20
# "Flat": time per million rows at the largest size at most this many times that at 1M.
FLAT_MAX = 1.1
# The received_at rule on text (docs/rules.md), for the typed variant's conversion.
TYPED_RECEIVED_AT = (
    "case when regexp_matches(received_at, ':[0-9]{2}(?:\\.[0-9]+)?(?:Z|[+-][0-9:]+)\\z') "
    "then try_cast(received_at as timestamptz) at time zone 'UTC' "
    "else try_cast(received_at as timestamp) end"
)


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""
    models_s: float | None = None
    nodes: dict[str, float] = field(default_factory=dict)


@dataclass
class Result:
    contender: str
    variant: str
    size: int
    command: str
    runs: list[Measure] = field(default_factory=list)

    def good(self) -> list[Measure]:
        return [run for run in self.runs if run.ok]

    @property
    def median(self) -> float | None:
        good = [run.seconds for run in self.good()]
        return statistics.median(good) if good else None

    @property
    def models_median(self) -> float | None:
        good = [run.models_s for run in self.good() if run.models_s is not None]
        return statistics.median(good) if good else None

    @property
    def peak_mb(self) -> float | None:
        good = [run.peak_mb for run in self.good()]
        return max(good) if good else None

    def node_medians(self) -> dict[str, float]:
        names = {name for run in self.good() for name in run.nodes}
        return {
            name: statistics.median(run.nodes[name] for run in self.good() if name in run.nodes)
            for name in names
        }


GENERATED: dict[int, Measure] = {}


def settings_env() -> dict[str, str]:
    env = dict(os.environ)
    for name, value in DEFAULT_SETTINGS.items():
        env.setdefault(name, value)
    return env


def run_measured(command: list[str], log: Path, env: dict[str, str] | None = None) -> Measure:
    """Run `command` in a fresh process; wall seconds and that process's peak RSS."""
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    ok = code == 0
    note = "" if ok else f"exit {code}, see {log}"
    return Measure(seconds, usage.ru_maxrss / 1024, ok, note)


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
    for package in ("duckdb", "dbt-core", "dbt-duckdb"):
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


def make_typed(text: Path, typed: Path) -> None:
    """--make-typed: the text variant with received_at read by the rule into a TIMESTAMP."""
    import duckdb

    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute("set enable_progress_bar = false")
        con.execute(
            f"copy (select * replace ({TYPED_RECEIVED_AT} as received_at) "
            f"from read_parquet('{text}')) to '{typed}' (format parquet)"
        )


def make_small(source: Path, small: Path, rows: int) -> None:
    """--make-small: the first `rows` rows of a raw file (dbt's fixed cost is run on it)."""
    import duckdb

    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from read_parquet('{source}') limit {rows}) to '{small}' "
            "(format parquet)"
        )


def helper(*args: str) -> None:
    """This script in a process of its own (its resident size is then nobody's floor)."""
    subprocess.run([sys.executable, str(BENCH / "run.py"), *args], check=True)


def dbt_command(raw: Path) -> list[str]:
    return [DBT, "run", "--full-refresh", "--vars", f"{{raw_events_path: '{raw}'}}",
            "--target-path", str(TARGET), "--log-path", str(TARGET / "logs")]  # fmt: skip


def reference_command(variant: str, raw: Path, database: Path) -> list[str]:
    return [sys.executable, str(BENCH / "run.py"), "--run-reference", variant, str(raw),
            str(database)]  # fmt: skip


def reference_statements(variant: str, raw: str) -> list[str]:
    """The reference's statements for an input variant: bench/reference/outputs.sql with
    the variant's CTEs (VARIANT.sql: the block after each `-- {name}` line) and the raw
    file path filled in."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in (REFERENCE_DIR / f"{variant}.sql").read_text(encoding="utf-8").splitlines():
        if line.startswith("-- {") and line.endswith("}"):
            current = blocks.setdefault(line[3:], [])
        elif current is not None:
            current.append(line)
    text = (REFERENCE_DIR / "outputs.sql").read_text(encoding="utf-8")
    for placeholder, lines in blocks.items():
        text = text.replace(placeholder, "\n".join(lines).strip())
    text = text.replace("{raw}", raw)
    return [statement for statement in text.split("\n-- ;\n") if statement.strip()]


def run_reference(variant: str, raw: str, database: str) -> None:
    """--run-reference: execute bench/reference/VARIANT.sql on `raw` into `database`."""
    import duckdb

    env = settings_env()
    with duckdb.connect(database) as con:
        con.execute(f"set threads = {int(env['FIRSTPARTY_DUCKDB_THREADS'])}")
        con.execute(f"set memory_limit = '{env['FIRSTPARTY_DUCKDB_MEMORY_LIMIT']}'")
        con.execute("set TimeZone = 'UTC'")
        con.execute("set enable_progress_bar = false")
        for statement in reference_statements(variant, raw):
            con.execute(statement)


def node_times() -> dict[str, float]:
    """Each node's execution_time in the last dbt run's run_results.json."""
    results = json.loads((TARGET / "run_results.json").read_text(encoding="utf-8"))
    return {
        str(node["unique_id"]).rsplit(".", 1)[-1]: float(node["execution_time"])
        for node in results["results"]
    }


def fresh(path: Path) -> Path:
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def time_dbt(raw: Path, database: Path, log: Path) -> Measure:
    fresh(database)
    (TARGET / "run_results.json").unlink(missing_ok=True)
    env = {**settings_env(), "FIRSTPARTY_DUCKDB_PATH": str(database)}
    measure = run_measured(dbt_command(raw), log, env)
    if measure.ok:
        measure.nodes = node_times()
        measure.models_s = sum(measure.nodes.values())
    return measure


def warm_up(raw: Path, database: Path, log: Path) -> None:
    """Untimed `dbt parse` with the run's vars and profile, so that the timed runs parse
    partially, as a scheduled run does (a change of --vars or of the profile, here the
    database path, makes dbt parse the whole project again, ~3 s)."""
    command = [DBT, "parse", "--vars", f"{{raw_events_path: '{raw}'}}",
               "--target-path", str(TARGET), "--log-path", str(TARGET / "logs")]  # fmt: skip
    env = {**settings_env(), "FIRSTPARTY_DUCKDB_PATH": str(database)}
    if not run_measured(command, log, env).ok:
        raise SystemExit(f"dbt parse failed, see {log}")


def time_reference(variant: str, raw: Path, database: Path, log: Path) -> Measure:
    fresh(database)
    return run_measured(reference_command(variant, raw, database), log, settings_env())


def show(result: Result, rep: int) -> None:
    last = result.runs[-1]
    models = "" if last.models_s is None else f"  models {last.models_s:7.2f} s"
    status = "" if last.ok else f"  FAILED: {last.note}"
    print(f"[{result.size:,} {result.variant}] rep {rep + 1} {result.contender:<9} "
          f"{last.seconds:8.2f} s {last.peak_mb:7.0f} MB{models}{status}", flush=True)  # fmt: skip


def inputs(args: argparse.Namespace, size: int) -> dict[str, Path]:
    """The raw files of one size, per variant (generated and converted when missing)."""
    logs = args.work_dir / "logs"
    text = args.work_dir / f"raw_{size}_text.parquet"
    typed = args.work_dir / f"raw_{size}_typed.parquet"
    GENERATED[size] = generate(size, args.seed, text, logs)
    if not typed.exists():
        helper("--make-typed", str(text), str(typed))
    return {"typed": typed, "text": text}


def fixed_cost(args: argparse.Namespace, variants: list[str]) -> list[Result]:
    """dbt's fixed cost: a full run on a small input, per variant."""
    rows = args.fixed_rows
    source = inputs(args, 10_000)
    results = []
    database = args.work_dir / "fixed.duckdb"
    for variant in variants:
        small = args.work_dir / f"raw_{rows}_{variant}.parquet"
        if not small.exists():
            helper("--make-small", str(source[variant]), str(small), str(rows))
        result = Result("fixed", variant, rows, shlex.join(dbt_command(small)))
        warm_up(small, database, args.work_dir / "logs" / f"parse_fixed_{variant}.log")
        for rep in range(args.repeats):
            log = args.work_dir / "logs" / f"fixed_{variant}_{rep}.log"
            result.runs.append(time_dbt(small, database, log))
            show(result, rep)
        results.append(result)
    fresh(database)
    return results


def bench_size(args: argparse.Namespace, size: int, variants: list[str]) -> list[Result]:
    raws = inputs(args, size)
    database = args.work_dir / f"bench_{size}.duckdb"
    logs = args.work_dir / "logs"
    results = []
    for variant in variants:
        raw = raws[variant]
        run = Result("run", variant, size, shlex.join(dbt_command(raw)))
        reference = Result("reference", variant, size,
                           shlex.join(reference_command(variant, raw, database)))  # fmt: skip
        warm_up(raw, database, logs / f"parse_{size}_{variant}.log")
        for rep in range(args.repeats):
            order = [run, reference] if rep % 2 == 0 else [reference, run]
            for result in order:
                log = logs / f"{result.contender}_{size}_{variant}_{rep}.log"
                if result is run:
                    result.runs.append(time_dbt(raw, database, log))
                else:
                    result.runs.append(time_reference(variant, raw, database, log))
                show(result, rep)
        results += [run, reference]
    fresh(database)
    return results


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def summarise(results: list[Result]) -> list[dict[str, Any]]:
    by = {(r.contender, r.variant, r.size): r for r in results}
    fixed = {r.variant: r.median for r in results if r.contender == "fixed"}
    rows = []
    for (contender, variant, size), run in by.items():
        if contender != "run":
            continue
        reference = by[("reference", variant, size)]
        millions = size / 1e6
        rows.append(
            {
                "size": size,
                "variant": variant,
                "run_s": run.median,
                "models_s": run.models_median,
                "reference_s": reference.median,
                "run_over_reference": ratio(run.median, reference.median),
                "models_over_reference": ratio(run.models_median, reference.median),
                "run_peak_mb": run.peak_mb,
                "reference_peak_mb": reference.peak_mb,
                "run_s_per_million": ratio(run.median, millions),
                "models_s_per_million": ratio(run.models_median, millions),
                "reference_s_per_million": ratio(reference.median, millions),
                "fixed_s": fixed.get(variant),
                "nodes": dict(sorted(run.node_medians().items(), key=lambda kv: -kv[1])),
            }
        )
    return rows


def verdict(value: float | None, limit: float, unit: str = "x") -> str:
    if value is None:
        return "not measured"
    if value <= limit:
        return f"met ({value:.2f}{unit})"
    return f"**missed** ({value:.2f}{unit}, {value / limit - 1:.0%} over)"


def targets(rows: list[dict[str, Any]]) -> list[str]:
    """The issue's targets, met or missed, per variant."""
    lines = ["| target | variant | result |", "|---|---|---|"]
    for variant in VARIANTS:
        mine = sorted((row for row in rows if row["variant"] == variant), key=lambda r: r["size"])
        if not mine:
            continue
        by_size = {row["size"]: row for row in mine}
        for size in (1_000_000, 10_000_000):
            row = by_size.get(size)
            value = row["models_over_reference"] if row else None
            lines.append(
                f"| models' own time <= {MODELS_OVER_REFERENCE_MAX}x reference at {size:,} "
                f"| {variant} | {verdict(value, MODELS_OVER_REFERENCE_MAX)} |"
            )
        row = by_size.get(10_000_000)
        lines.append(
            f"| full dbt run <= {RUN_OVER_REFERENCE_MAX}x reference at 10,000,000 | {variant} "
            f"| {verdict(row['run_over_reference'] if row else None, RUN_OVER_REFERENCE_MAX)} |"
        )
        peak = row["run_peak_mb"] if row else None
        lines.append(
            f"| peak memory of the run < 4 GB ({PEAK_MAX_MB:,.0f} MB) at 10,000,000 | {variant} "
            f"| {verdict(peak, PEAK_MAX_MB, ' MB')} |"
        )
        first, last = mine[0], mine[-1]
        flat = None
        if len(mine) > 1 and first["run_s_per_million"] and last["run_s_per_million"]:
            flat = last["run_s_per_million"] / first["run_s_per_million"]
        lines.append(
            f"| run time per million rows flat ({last['size']:,} / {first['size']:,} "
            f"<= {FLAT_MAX}) "
            f"| {variant} | {verdict(flat, FLAT_MAX)} |"
        )
        lines.append(
            f"| dbt's fixed cost per run (no number given: as low as the project controls it) "
            f"| {variant} | {fmt(first['fixed_s'])} s |"
        )
    return lines


def write_results(args: argparse.Namespace, results: list[Result], host: dict[str, Any]) -> None:
    rows = sorted(summarise(results), key=lambda r: (r["size"], VARIANTS.index(r["variant"])))
    env = settings_env()
    settings = {name: env[name] for name in DEFAULT_SETTINGS}
    payload = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/run.py " + shlex.join(sys.argv[1:]),
        "machine": host,
        "settings": settings,
        "repeats": args.repeats,
        "results": [
            {
                "contender": r.contender,
                "variant": r.variant,
                "size": r.size,
                "command": r.command,
                "median_s": r.median,
                "models_s": r.models_median,
                "peak_mb": r.peak_mb,
                "runs": [vars(m) for m in r.runs],
            }
            for r in results
        ],
        "summary": rows,
        "generator": {str(size): vars(m) for size, m in GENERATED.items()},
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "results.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")

    v = host["versions"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{payload['command']}` at {payload['generated_at']} "
        f"({args.repeats} repetitions, the two contenders alternating; medians).",
        "",
        f"Machine: {host['nproc']} CPUs ({host['cpu_model']}), {host['memory_gib']} GiB, "
        f"Linux {host['kernel']}; Python {host['python']}, duckdb {v['duckdb']}, "
        f"dbt-core {v['dbt-core']}, dbt-duckdb {v['dbt-duckdb']}. Load average at start: "
        + ", ".join(f"{x:.2f}" for x in host["load_average_at_start"])
        + ".",
        "",
        "DuckDB settings (the profile's defaults unless set in the environment; the "
        "reference runner reads the same): "
        + ", ".join(f"`{k}={val}`" for k, val in settings.items())
        + ".",
        "",
        "- **run**: `dbt run --full-refresh` over the raw file, wall time of the process; "
        "**models**: the sum of the nodes' execution_time in run_results.json;",
        "- **reference**: bench/reference/outputs.sql with the CTEs of {typed,text}.sql, "
        "the fastest hand-written DuckDB SQL for the same three outputs (default `format` "
        "mode), wall time of its process;",
        "- **typed**: received_at a TIMESTAMP column; **text**: received_at text (the "
        "generator's), parsed by the received_at grammar;",
        f"- **fixed**: dbt's fixed cost, a full run on a {args.fixed_rows}-row input.",
        "",
        "## Targets",
        "",
        *targets(rows),
        "",
        "## Time (median seconds) and peak memory (peak RSS of the process, MB)",
        "",
        "| events | received_at | run s | models s | reference s | run / reference "
        "| models / reference | run MB | reference MB | fixed s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['variant']} | {fmt(row['run_s'])} | {fmt(row['models_s'])} "
            f"| {fmt(row['reference_s'])} | {fmt(row['run_over_reference'])} "
            f"| {fmt(row['models_over_reference'])} | {fmt(row['run_peak_mb'], 0)} "
            f"| {fmt(row['reference_peak_mb'], 0)} | {fmt(row['fixed_s'])} |"
        )  # fmt: skip
    lines += [
        "",
        "## Seconds per million rows",
        "",
        "| events | received_at | run | models | reference |",
        "|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['variant']} | {fmt(row['run_s_per_million'])} "
            f"| {fmt(row['models_s_per_million'])} | {fmt(row['reference_s_per_million'])} |"
        )
    lines += ["", "## The models' own time per node (median seconds, largest first)", ""]
    for row in rows:
        nodes = ", ".join(f"{name} {seconds:.2f}" for name, seconds in row["nodes"].items()
                          if seconds >= 0.05)  # fmt: skip
        lines.append(f"- {row['size']:,} {row['variant']}: {nodes}")
    lines += ["", "## Commands", ""]
    for r in results:
        lines.append(f"- {r.contender} {r.variant} at {r.size:,}: `{r.command}`")
    lines += ["", "## Every run", "",
              "| contender | received_at | events | seconds | models s | peak MB | ok |",
              "|---|---|---:|---:|---:|---:|---|"]  # fmt: skip
    for r in results:
        for m in r.runs:
            lines.append(
                f"| {r.contender} | {r.variant} | {r.size:,} | {m.seconds:.2f} "
                f"| {fmt(m.models_s)} | {m.peak_mb:.0f} | {'yes' if m.ok else 'no: ' + m.note} |"
            )
    lines += ["", "The generator (`firstparty-sessions generate`; 0 s: the file was there):", ""]
    for size, m in GENERATED.items():
        lines.append(f"- {size:,} events: {m.seconds:.1f} s, peak {m.peak_mb:.0f} MB")
    (args.out_dir / "results.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--run-reference":
        run_reference(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--make-typed":
        make_typed(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--make-small":
        make_small(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="1000000,3000000,10000000")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="typed,text")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fixed-rows", type=int, default=100)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/firstparty-bench"))
    parser.add_argument("--out-dir", type=Path, default=BENCH)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    variants = [v for v in args.variants.split(",") if v]
    if unknown := set(variants) - set(VARIANTS):
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
    (args.work_dir / "logs").mkdir(parents=True, exist_ok=True)
    host = machine()
    results = fixed_cost(args, variants)
    for size in sizes:
        results += bench_size(args, size, variants)
        # written after every size, so that a long run leaves its finished sizes behind
        write_results(args, results, host)


if __name__ == "__main__":
    main()
