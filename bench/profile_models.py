"""Where the time goes: DuckDB's profiler on the project's compiled models, and a timing of
each staging expression on its own.

    FIRSTPARTY_DUCKDB_PATH=/tmp/x.duckdb dbt run --vars '{raw_events_path: FILE}'   # first
    python bench/profile_models.py --database /tmp/x.duckdb --raw FILE [--out bench/profile.md]

Needs the database built by `dbt run` (its views) and target/compiled from that run. Runs
each table model as EXPLAIN ANALYZE CREATE TABLE ... AS <compiled SQL> with the profile's
settings (threads, memory limit) and prints the operators by time; then times each column
expression of the staging model alone (SELECT sum(hash(expr)) FROM the raw file).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

import duckdb
from run import settings_env

PROJECT = Path(__file__).resolve().parent.parent
COMPILED = PROJECT / "target" / "compiled" / "firstparty_sessions" / "models"
TABLE_MODELS = (
    "intermediate/int_events__resolution_plan.sql",
    "marts/sessions.sql",
    "marts/event_sessions.sql",
    "marts/rejected_events.sql",
)


def _connect(database: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(database)
    env = settings_env()
    con.execute(f"set threads = {int(env['FIRSTPARTY_DUCKDB_THREADS'])}")
    con.execute(f"set memory_limit = '{env['FIRSTPARTY_DUCKDB_MEMORY_LIMIT']}'")
    con.execute("set TimeZone = 'UTC'")
    return con


def _operators(node: dict[str, Any], depth: int = 0) -> list[tuple[float, int, str, str]]:
    name = node.get("name") or node.get("type") or "?"
    timing = float(node.get("timing", 0.0))
    extra = node.get("extra_info") or {}
    detail = json.dumps(extra, ensure_ascii=False)[:300] if extra else ""
    rows = [(timing, depth, str(name).strip(), detail)]
    for child in node.get("children", []):
        rows += _operators(child, depth + 1)
    return rows


def profile_model(con: duckdb.DuckDBPyConnection, model: str, out: list[str]) -> None:
    sql = (COMPILED / model).read_text(encoding="utf-8")
    path = Path("/tmp") / f"profile_{Path(model).stem}.json"
    con.execute("pragma enable_profiling = 'json'")
    con.execute(f"pragma profiling_output = '{path}'")
    con.execute("set profiling_mode = 'detailed'")
    start = time.perf_counter()
    con.execute(f"create or replace temp table profiled as {sql}")
    wall = time.perf_counter() - start
    con.execute("pragma disable_profiling")
    if model == TABLE_MODELS[0]:
        # the marts read the plan table, which the finished run consumed (emptied): refill it
        con.execute(f"insert into {Path(model).stem} select * from profiled")
    con.execute("drop table profiled")  # a temp table holds memory the next model needs
    tree = json.loads(path.read_text(encoding="utf-8"))
    ops = sorted((op for root in tree["operator"] for op in _operators(root)), reverse=True)
    cpu = float(tree.get("query", {}).get("cpu_time", 0.0))
    peak = int(tree.get("system", {}).get("peak_buffer_memory", 0)) / 1e6
    total = sum(t for t, *_ in ops) or 1.0
    out.append(f"\n### {model}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak buffer {peak:.0f} MB\n")
    out.append("| operator | seconds (summed over threads) | share | detail |")
    out.append("|---|---:|---:|---|")
    for timing, _depth, name, detail in ops[:10]:
        detail = detail.replace("|", "\\|")
        out.append(f"| {name} | {timing:.2f} | {timing / total:.0%} | {detail} |")


def _split_top_level(body: str) -> list[str]:
    items, depth, start = [], 0, 0
    for index, char in enumerate(body):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[start:index])
            start = index + 1
    items.append(body[start:])
    return items


def _staging_ctes() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(name, select text, [(alias, expression) of computed columns]) of each CTE of the
    compiled staging model, in order."""
    sql = (COMPILED / "staging/firstparty/stg_firstparty__raw_events.sql").read_text("utf-8")
    headers = list(re.finditer(r"^(\w+) as \(\s*$", sql, re.M))
    ctes = []
    for number, header in enumerate(headers):
        end = headers[number + 1].start() if number + 1 < len(headers) else len(sql)
        text = sql[header.end() : end]
        text = text[: text.rindex(")")]
        select = re.search(r"\bselect\s(.*)\sfrom\s", text, re.S)
        computed = []
        if select is not None:
            for item in _split_top_level(select.group(1)):
                match = re.match(r"\s*(.*?)\s+as\s+(\w+)\s*$", item, re.S)
                if match and not re.fullmatch(r"cast\(\w+ as \w+\)", match.group(1).strip()):
                    computed.append((match.group(2), match.group(1)))
        ctes.append((header.group(1), text, computed))
    return ctes


def profile_expressions(con: duckdb.DuckDBPyConnection, out: list[str]) -> None:
    """Materialise the staging CTEs one by one as temp tables; before each, time each of
    its computed columns alone on the previous one (sum(hash(expr)))."""
    out.append("\n### Staging expressions, each alone on the materialised previous step\n")
    out.append("| step | column | seconds |")
    out.append("|---|---|---:|")
    previous = None
    for name, text, computed in _staging_ctes():
        source = re.search(r"\sfrom\s+(\w+)\s*$", text.strip(), re.S)
        for alias, expression in computed:
            if previous is None or source is None:
                break
            start = time.perf_counter()
            con.execute(f"select sum(hash({expression})) from {source.group(1)}").fetchall()
            out.append(f"| {name} | {alias} | {time.perf_counter() - start:.2f} |")
        start = time.perf_counter()
        con.execute(f"create or replace temp table {name} as {text}")
        out.append(f"| {name} | (whole step, materialised) | {time.perf_counter() - start:.2f} |")
        previous = name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--raw", required=True, help="the raw file the database was built on")
    parser.add_argument("--out", type=Path, help="also write the tables (markdown) here")
    parser.add_argument("--skip-expressions", action="store_true")
    parser.add_argument(
        "--target-path", type=Path, default=PROJECT / "target", help="dbt's --target-path"
    )
    args = parser.parse_args()
    global COMPILED  # the compiled models of the run profiled
    COMPILED = args.target_path / "compiled" / "firstparty_sessions" / "models"
    con = _connect(args.database)
    out: list[str] = [f"Profile of {args.raw}"]
    for model in TABLE_MODELS:
        profile_model(con, model, out)
    if not args.skip_expressions:
        profile_expressions(con, out)
    text = "\n".join(out) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
