"""Faults during scheduled runs harm nothing.

The run state lives in dbt models: int_runs__manifest (one row per completed run,
appended by the on-run-end hook only when every state model succeeded) and the state
models that stamp their rows with the run's number (latest completed + 1: a killed run
leaves its number, and what it stamped, to the next run). DuckDB writes each model in one
transaction.

* A scheduled run killed (SIGKILL) at any moment -- while dbt starts, while any state
  model is written, between two of them, while a model commits, after the last model
  before the manifest row, while the hook writes it, after it -- then more rows land and
  a normal run ends exactly where the uninterrupted sequence over the same landings ends
  (which equals the pandas reference over all rows), every landed row accounted for. In
  strict mode (the harder one) also: killed twice in a row at the same moment, then a
  normal run.
  Each kill is aimed by dbt's own events: the "START"/"OK created" lines of a model and
  the statements it sends (logged at debug level), plus a share of the statement's time
  measured in the uninterrupted run. So that the signal cannot arrive too late, the run
  is held from the trigger on at the model's COMMIT (or at the "OK created" line, between
  models) until it is killed. Each kill is checked: the process died of the signal, the
  state models written before the kill point changed and the ones from it on did not,
  and the manifest did not advance.
* Deterministically: runs of only part of the state models (`dbt run --select`), twice in
  a row, then a normal run; the conservation tests of the project pass.
* A run started while another process holds the database fails with a clear message and
  changes nothing.

The killed runs are forks of this process running dbt in-process with the project parsed
once (dbt's start-up would otherwise dominate); each forwards dbt's events through a pipe
and is killed from here.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import duckdb
import pandas as pd
import pytest
from dbt.cli.main import dbtRunner
from dbt_common.events.base_types import EventMsg

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.reference import ReferenceOutputs, resolve

from .dbt_project import OUTPUTS
from .outcomes import assert_outputs_equal
from .scheduled import (
    LANDING_SCHEMA,
    LANDING_TABLE,
    RUN_SELECTION,
    InProcessDbt,
    land,
    landing_vars,
    query,
)

pytestmark = pytest.mark.slow

GENERATED_EVENTS = 100_000
#: What lands: the history (built by a first run), the rows of the run that is killed,
#: and two more landings (before a second killed run and before the normal run).
SHARES = [0.9, 0.97, 0.985]
#: The models that keep run state, in the order a run writes them (rejected_events runs
#: beside int_events__deduplicated: both read int_raw_rows__this_run).
STATE_MODELS = (
    "int_runs__manifest",
    "int_raw_rows__units",
    "int_raw_rows__this_run",
    "int_events__deduplicated",
    "rejected_events",
    "int_sessions__established",
    "int_events__resolved",
    "int_sessions__aggregated",
)
#: The conservation tests: every raw row is an event, a re-delivery or a reject; no event
#: misses a raw row; every session agrees with its events.
CONSERVATION_TESTS = (
    "assert_no_raw_row_missed_by_incremental_runs",
    "assert_every_raw_row_is_accounted_for",
    "assert_session_counts_match_events",
)
Mode = Literal["known", "format"]


def split_by_received_at(raw: pd.DataFrame, shares: list[float]) -> list[pd.DataFrame]:
    order = pd.to_datetime(raw["received_at"], errors="coerce", format="mixed")
    ordered = raw.assign(_t=order).sort_values("_t", na_position="first", kind="stable")
    ordered = ordered.drop(columns="_t").reset_index(drop=True)
    cuts = [0, *(int(len(ordered) * s) for s in shares), len(ordered)]
    return [ordered.iloc[a:b].reset_index(drop=True) for a, b in itertools.pairwise(cuts)]


# -- dbt's events, forwarded from a forked run -------------------------------------------


@dataclass(frozen=True)
class Event:
    """One dbt event: its name (LogStartLine: "START ...", LogModelResult: "OK created
    ...", SQLQuery: a statement about to be sent), the node it belongs to ("" for none)
    and its text (the statement, for SQLQuery)."""

    name: str
    node: str
    text: str

    @staticmethod
    def of(message: EventMsg) -> Event:
        node_info = getattr(message.data, "node_info", None)
        node = node_info.node_name if node_info is not None else ""
        text = str(getattr(message.data, "sql", "") or getattr(message.info, "msg", ""))
        if "*/" in text:  # the query comment dbt puts in front of each statement
            text = text.split("*/", 1)[1]
        return Event(message.info.name, node, " ".join(text.split())[:300])


def forward_events(fd: int) -> Callable[[EventMsg], None]:
    """A dbt callback that writes each event to the pipe `fd`, one JSON line."""

    def forward(message: EventMsg) -> None:
        event = Event.of(message)
        line = (json.dumps([event.name, event.node, event.text]) + "\n").encode()
        assert len(line) < select.PIPE_BUF  # one atomic write: threads' lines never mix
        os.write(fd, line)

    return forward


@dataclass(frozen=True)
class KillPoint:
    """A moment of a scheduled run. The kill is aimed at dbt's event `event` of `node` (for
    SQLQuery, the statement starting with `sql`), then `share` of that statement's time
    measured in an uninterrupted run. From that event on, the run is held (its thread
    blocks) at the event `hold` of `node`, so that the signal cannot arrive too late: at
    the COMMIT of the model being written (all of it written, nothing committed), or at the
    trigger itself (between models). `written`: the state models the killed run must have
    changed; `unwritten`: those it must not have; `recorded`: whether the manifest may hold
    the run afterwards (None: either)."""

    event: str
    node: str
    sql: str = ""
    share: float = 0.0
    hold: str | None = None
    written: tuple[str, ...] = ()
    unwritten: tuple[str, ...] = ()
    recorded: bool | None = False

    def matches(self, event: Event) -> bool:
        return (
            event.name == self.event
            and event.node == self.node
            and (not self.sql or event.text.startswith(self.sql))
        )

    def holds(self, event: Event) -> bool:
        return event.name == self.hold and event.node == self.node


def hold_at(point: KillPoint) -> Callable[[EventMsg], None]:
    """A dbt callback that, once the kill point's event was fired, blocks the thread that
    fires the point's `hold` event (until the process is killed)."""
    reached = threading.Event()

    def hold(message: EventMsg) -> None:
        event = Event.of(message)
        if point.matches(event):
            reached.set()
        if reached.is_set() and point.holds(event):
            time.sleep(600)  # killed here; gone in any case if the test died
            os._exit(4)

    return hold


@dataclass
class ForkedRun:
    """A scheduled run in a fork of this process; its dbt events arrive through a pipe."""

    pid: int
    fd: int
    seen: list[Event] = field(default_factory=list)
    pending: bytes = b""

    def events(self, timeout: float = 120.0) -> Iterator[Event]:
        """dbt's events as they come (read unbuffered: an event is seen at once)."""
        while True:
            while b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                event = Event(*json.loads(line))
                self.seen.append(event)
                yield event
            ready, _, _ = select.select([self.fd], [], [], timeout)
            assert ready, f"no dbt event in {timeout} s"
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return
            self.pending += chunk

    def kill(self) -> int:
        """SIGKILLs the run; its exit code (-9 when the signal ended it)."""
        os.kill(self.pid, signal.SIGKILL)
        return self.wait()

    def wait(self) -> int:
        """Waits for the run to end; its exit code. Reads the events it sent until then."""
        _, status = os.waitpid(self.pid, 0)
        for _ in self.events():
            pass
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def fork_run(
    dbt: InProcessDbt, database: Path, dbt_vars: str, point: KillPoint | None = None
) -> ForkedRun:
    """Starts `dbt run` of the scheduled selection in a forked child, the project already
    parsed, held at `point` (KillPoint.hold); dbt's output goes to a file beside the
    database."""
    manifest = dbt.manifest(dbt_vars)
    assert threading.active_count() == 1, "fork only a process without other threads"
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 3
        try:
            os.close(read_fd)
            log = os.open(database.with_suffix(".out"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            os.dup2(log, 1)
            os.dup2(log, 2)
            sys.stdout = sys.stderr = open(log, "w", buffering=1)  # noqa: SIM115
            os.environ["FIRSTPARTY_DUCKDB_PATH"] = str(database)
            callbacks = [forward_events(write_fd)]
            if point is not None and point.hold is not None:
                callbacks.append(hold_at(point))
            result = dbtRunner(manifest=manifest, callbacks=callbacks).invoke(
                ["run", "--select", *RUN_SELECTION, "--vars", dbt_vars, *dbt.common_arguments()]
            )
            code = 0 if result.success else 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return ForkedRun(pid, read_fd)


# -- where a kill lands ------------------------------------------------------------------


def _kill_points() -> dict[str, KillPoint]:
    # The state models in the order of the chain that ends at int_sessions__aggregated;
    # rejected_events runs beside int_events__deduplicated.
    chain = (
        "int_raw_rows__units",
        "int_raw_rows__this_run",
        "int_events__deduplicated",
        "int_sessions__established",
        "int_events__resolved",
        "int_sessions__aggregated",
    )
    every = (*chain, "rejected_events")
    points = {
        # dbt has opened the database (on-run-start hooks, the run-state guard, follow).
        "while dbt starts (its first write: the schema)": KillPoint(
            "SQLQuery", "", "create schema if not exists", unwritten=every
        ),
        "while int_runs__manifest is written": KillPoint(
            "SQLQuery", "int_runs__manifest", "insert into", 0.5, "SQLCommit", unwritten=every
        ),
        "between int_runs__manifest and int_raw_rows__units": KillPoint(
            "LogModelResult", "int_runs__manifest", hold="LogModelResult", unwritten=every
        ),
    }
    for position, model in enumerate(chain):
        # An incremental model: a temporary table, one delete then insert statement (the
        # keyed models that delete by rowid begin their transaction before the temporary
        # table, the others after it), COMMIT. The table model: BEGIN, create table
        # .._dbt_tmp as (the whole query), renames, COMMIT.
        write = "create table" if model == "int_raw_rows__this_run" else "delete from"
        points[f"while {model} is written"] = KillPoint(
            "SQLQuery",
            model,
            write,
            0.5,
            "SQLCommit",
            written=chain[:position],
            unwritten=chain[position:],
        )
        if position + 1 < len(chain):
            points[f"between {model} and {chain[position + 1]}"] = KillPoint(
                "LogModelResult",
                model,
                hold="LogModelResult",
                written=chain[: position + 1],
                unwritten=chain[position + 1 :],
            )
    points["while rejected_events is written"] = KillPoint(
        "SQLQuery",
        "rejected_events",
        "delete from",
        0.5,
        "SQLCommit",
        written=chain[:2],
        unwritten=("rejected_events", *chain[4:]),
    )
    # DuckDB writes its log at the commit: a kill in the middle of it (either outcome).
    points["while int_sessions__aggregated commits"] = KillPoint(
        "SQLQuery", "int_sessions__aggregated", "COMMIT", written=chain[:-1]
    )
    points["after the last model, before the manifest row"] = KillPoint(
        "LogModelResult", "sessions", hold="LogModelResult", written=every
    )
    hook = "firstparty_sessions-on-run-end-0"
    points["while the manifest row is written"] = KillPoint(
        "SQLQuery", hook, "insert into", written=every, recorded=None
    )
    # The run is complete (the next one has the next number); dbt has not ended.
    points["after the manifest row, before dbt ends"] = KillPoint(
        "LogHookEndLine", hook, hold="LogHookEndLine", written=every, recorded=True
    )
    return points


KILL_POINTS = _kill_points()


def fingerprints(database: Path) -> dict[str, tuple[int, int]]:
    """Each state model's row count and a hash of all its rows; and the manifest's latest
    run under "manifest". Read-only: a killed run's WAL is left for the next run."""
    with duckdb.connect(str(database), read_only=True) as connection:
        prints = {
            model: connection.execute(
                f"select count(*), coalesce(sum(hash(t)), 0) from {model} as t"
            ).fetchone()
            for model in STATE_MODELS
        }
        latest = connection.execute("select coalesce(max(run_seq), 0) from int_runs__manifest")
        prints["manifest"] = (latest.fetchone() or (0,))[0], 0
    return {name: (int(value[0]), int(value[1])) for name, value in prints.items() if value}


def copy_database(source: Path, target: Path) -> None:
    """The database file and, after a kill, its write-ahead log."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        stale = Path(f"{target}{suffix}")
        stale.unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", stale)


def kill_at(
    dbt: InProcessDbt,
    database: Path,
    dbt_vars: str,
    point: KillPoint,
    durations: dict[tuple[str, str], float],
    strict: bool,
) -> bool:
    """Runs a scheduled run on `database` and SIGKILLs it at `point`; asserts that the
    signal ended it and that it landed there (which state models it changed). Returns
    whether the manifest recorded the run."""
    before = fingerprints(database)
    run = fork_run(dbt, database, dbt_vars, point)
    try:
        triggered = next((e for e in run.events() if point.matches(e)), None)
        if triggered is not None:
            time.sleep(point.share * durations.get((point.node, point.sql), 0.0))
    finally:
        code = run.kill()
    tail = "\n".join(f"{e.name} {e.node} {e.text[:80]}" for e in run.seen[-15:])
    assert triggered is not None, f"the run ended ({code}) before the kill point:\n{tail}"
    assert code == -signal.SIGKILL, f"the run was not killed (exit code {code}):\n{tail}"
    after = fingerprints(database)
    changed = {m for m in STATE_MODELS if after[m] != before[m]}
    recorded = after["manifest"][0] > before["manifest"][0]
    # How far the run got: the events of the node after the trigger.
    after_trigger = [
        e.name for e in run.seen[run.seen.index(triggered) + 1 :] if e.node == point.node
    ]
    print(f"killed after {after_trigger}; changed: {sorted(changed)}; recorded: {recorded}")
    # In format mode int_sessions__established stays empty: no change to see.
    visible = set(STATE_MODELS) - (set() if strict else {"int_sessions__established"})
    assert set(point.written) & visible <= changed, (changed, tail)
    assert not set(point.unwritten) & changed, (changed, tail)
    if point.recorded is not None:
        assert recorded == point.recorded
    return recorded


# -- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batches() -> list[pd.DataFrame]:
    landed = split_by_received_at(generate_raw_events(GENERATED_EVENTS, seed=5), SHARES)
    for batch in landed[1:]:  # so that each run changes rejected_events
        assert len(resolve(batch, "format").rejected_events), "each landing must hold a reject"
    return landed


@pytest.fixture(scope="module")
def dbt(tmp_path_factory: pytest.TempPathFactory) -> InProcessDbt:
    return InProcessDbt(tmp_path_factory.mktemp("dbt"))


@pytest.fixture(scope="module", params=["known", "format"])
def mode(request: pytest.FixtureRequest) -> Mode:
    return cast(Mode, request.param)


@pytest.fixture(scope="module")
def dbt_vars(mode: Mode) -> str:
    return landing_vars(strict=mode == "known")


@pytest.fixture(scope="module")
def reference(batches: list[pd.DataFrame], mode: Mode) -> ReferenceOutputs:
    return resolve(pd.concat(batches, ignore_index=True), mode)


@pytest.fixture(scope="module")
def prepared(
    tmp_path_factory: pytest.TempPathFactory,
    dbt: InProcessDbt,
    dbt_vars: str,
    batches: list[pd.DataFrame],
) -> Path:
    """A database after a first run over the history, with the next rows landed."""
    database = tmp_path_factory.mktemp("prepared") / "warehouse.duckdb"
    land(database, batches[0])
    dbt.run(database, dbt_vars)
    land(database, batches[1])
    return database


@dataclass(frozen=True)
class Uninterrupted:
    """The uninterrupted sequence of scheduled runs over the same landings: its outputs
    (as tables, in their own database) and how long each statement of its first run took,
    by (node, the statement's start as in KillPoint.sql), to aim the kills inside them."""

    database: Path
    outputs: Path
    durations: dict[tuple[str, str], float]


@pytest.fixture(scope="module")
def uninterrupted(
    tmp_path_factory: pytest.TempPathFactory,
    dbt: InProcessDbt,
    dbt_vars: str,
    prepared: Path,
    batches: list[pd.DataFrame],
) -> Uninterrupted:
    root = tmp_path_factory.mktemp("uninterrupted")
    database = root / "warehouse.duckdb"
    copy_database(prepared, database)
    timed: dict[tuple[str, str], float] = {}
    running: dict[str, tuple[str, float]] = {}

    def clock(message: EventMsg) -> None:
        event = Event.of(message)
        if event.name == "SQLQuery":
            running[event.node] = (event.text, time.monotonic())
        elif event.name == "SQLQueryStatus" and event.node in running:
            text, started = running.pop(event.node)
            for point in KILL_POINTS.values():
                if point.node == event.node and point.sql and text.startswith(point.sql):
                    timed[point.node, point.sql] = time.monotonic() - started

    assert dbt.invoke(database, dbt_vars, "run", "--select", *RUN_SELECTION, callbacks=[clock])
    for batch in batches[2:]:
        land(database, batch)
        dbt.run(database, dbt_vars)
    tables = root / "outputs.duckdb"
    with duckdb.connect(str(tables)) as connection:
        connection.execute(f"attach '{database}' as warehouse (read_only)")
        for name in OUTPUTS:
            connection.execute(f"create table main.{name} as select * from warehouse.main.{name}")
    return Uninterrupted(database, tables, timed)


# -- checks ------------------------------------------------------------------------------


def outputs(database: Path) -> dict[str, pd.DataFrame]:
    return {name: query(database, f"select * from {name}") for name in OUTPUTS}


def manifest_runs(database: Path) -> list[int]:
    runs = query(database, "select run_seq from int_runs__manifest order by run_seq")
    return [int(n) for n in runs["run_seq"]]


def output_prints(connection: duckdb.DuckDBPyConnection, catalog: str) -> list[tuple[int, int]]:
    return [
        connection.execute(
            f"select count(*), coalesce(sum(hash(t)), 0) from {catalog}.main.{name} as t"
        ).fetchone()
        or (0, 0)
        for name in OUTPUTS
    ]


def output_differences(database: Path, expected: Path) -> list[str]:
    """The rows of each output that are in `database` and not in the `expected` tables, or
    the other way round (as bags: every column, nulls alike); empty when they are equal."""
    problems = []
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.execute(f"attach '{expected}' as expected (read_only)")
        if output_prints(connection, "warehouse") == output_prints(connection, "expected"):
            return []
        for name in OUTPUTS:
            for label, left, right in (
                ("extra", f"main.{name}", f"expected.main.{name}"),
                ("missing", f"expected.main.{name}", f"main.{name}"),
            ):
                rows = connection.execute(
                    f"select * from {left} except all select * from {right}"
                ).df()
                if len(rows):
                    problems.append(
                        f"{name}: {len(rows)} rows {label}, e.g.\n{rows.head(5).to_string()}"
                    )
    return problems


def assert_conservation(dbt: InProcessDbt, database: Path, dbt_vars: str) -> None:
    """The project's singular tests pass: every raw row is an event, a re-delivery or a
    reject; no event misses a raw row; every session agrees with its events."""
    assert dbt.invoke(database, dbt_vars, "test", "--select", *CONSERVATION_TESTS), (
        "a conservation test failed; events missing a raw row:\n" + str(missed_rows(database))
    )


def missed_rows(database: Path) -> pd.DataFrame:
    return query(
        database, "select * from main_dbt_test__audit.assert_no_raw_row_missed_by_incremental_runs"
    )


def assert_rows_accounted_for(database: Path) -> None:
    """Conservation, counted: every landed row is a delivery of an event or a reject."""
    counts = query(
        database,
        f"""
        select
            (select count(*) from {LANDING_SCHEMA}.{LANDING_TABLE}) as raw_rows,
            (select sum(delivery_count) from event_sessions) as deliveries,
            (select count(*) from rejected_events) as rejects
        """,
    ).iloc[0]
    assert counts["raw_rows"] == counts["deliveries"] + counts["rejects"], counts.to_dict()


# -- tests -------------------------------------------------------------------------------


def test_the_uninterrupted_sequence_ends_at_the_reference(
    mode: Mode,
    dbt: InProcessDbt,
    dbt_vars: str,
    prepared: Path,
    uninterrupted: Uninterrupted,
    reference: ReferenceOutputs,
) -> None:
    """What the faulty sequences are compared with: the pandas reference over all rows."""
    assert manifest_runs(uninterrupted.database) == [1, 2, 3, 4]
    assert_outputs_equal(outputs(uninterrupted.database), reference)
    assert_conservation(dbt, uninterrupted.database, dbt_vars)
    # The comparison sees a difference: the prepared database lacks the later rows.
    assert output_differences(prepared, uninterrupted.outputs)


def normal_run_ends_as_uninterrupted(
    dbt: InProcessDbt, database: Path, dbt_vars: str, uninterrupted: Uninterrupted, runs: int
) -> None:
    """The next scheduled run completes as run number `runs` (a killed run's number: it
    takes over what the killed runs stamped), and the outputs are the uninterrupted
    sequence's; every landed row is accounted for."""
    dbt.run(database, dbt_vars)
    assert manifest_runs(database) == list(range(1, runs + 1))
    problems = output_differences(database, uninterrupted.outputs)
    assert not problems, "\n".join(problems)
    assert_rows_accounted_for(database)


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_killed_run_then_a_normal_run_ends_as_uninterrupted(
    point: str,
    mode: Mode,
    dbt: InProcessDbt,
    dbt_vars: str,
    prepared: Path,
    uninterrupted: Uninterrupted,
    batches: list[pd.DataFrame],
    tmp_path: Path,
) -> None:
    """A run killed at the point, then more rows land, then a normal run. In strict mode
    (the harder one) also: from the same kill, more rows land, the run is killed again at
    the same moment, more rows land, then a normal run."""
    strict = mode == "known"
    kill = KILL_POINTS[point]
    database = tmp_path / "warehouse.duckdb"
    twice = tmp_path / "twice" / "warehouse.duckdb"
    copy_database(prepared, database)
    completed = 1 + kill_at(dbt, database, dbt_vars, kill, uninterrupted.durations, strict)
    # The manifest did not advance (but for a kill while the hook writes its row).
    assert manifest_runs(database) == list(range(1, completed + 1))
    if strict:  # the second sequence goes on from the same kill
        copy_database(database, twice)
    land(database, pd.concat(batches[2:], ignore_index=True))
    normal_run_ends_as_uninterrupted(dbt, database, dbt_vars, uninterrupted, completed + 1)
    if not strict:
        return
    land(twice, batches[2])
    completed += kill_at(dbt, twice, dbt_vars, kill, uninterrupted.durations, strict)
    assert manifest_runs(twice) == list(range(1, completed + 1))
    land(twice, batches[3])
    normal_run_ends_as_uninterrupted(dbt, twice, dbt_vars, uninterrupted, completed + 1)


#: Runs of only part of the state models (`dbt run --select`), as if killed between two
#: of them with certainty: no manifest row; the next run has the same number.
PARTIAL_RUNS = {
    "first half (units, this_run, deduplicated)": (
        "int_raw_rows__units",
        "int_raw_rows__this_run",
        "int_events__deduplicated",
    ),
    "all but the sessions and the rejects": (
        "int_raw_rows__units",
        "int_raw_rows__this_run",
        "int_events__deduplicated",
        "int_sessions__established",
        "int_events__resolved",
        "event_sessions",
    ),
}


@pytest.mark.parametrize("partial", list(PARTIAL_RUNS))
def test_partial_runs_twice_in_a_row_then_a_normal_run_end_as_uninterrupted(
    partial: str,
    mode: Mode,
    dbt: InProcessDbt,
    dbt_vars: str,
    prepared: Path,
    uninterrupted: Uninterrupted,
    batches: list[pd.DataFrame],
    tmp_path: Path,
) -> None:
    database = tmp_path / "warehouse.duckdb"
    copy_database(prepared, database)
    selected = PARTIAL_RUNS[partial]
    for batch in batches[2:]:
        before = fingerprints(database)
        assert dbt.invoke(database, dbt_vars, "run", "--select", *selected)
        after = fingerprints(database)
        changed = {m for m in STATE_MODELS if after[m] != before[m]}
        written = set(selected) & set(STATE_MODELS)
        if mode != "known":
            written.discard("int_sessions__established")
        assert written <= changed
        assert not changed - set(selected)
        assert manifest_runs(database) == [1]
        land(database, batch)
    dbt.run(database, dbt_vars)
    assert manifest_runs(database) == [1, 2]
    problems = output_differences(database, uninterrupted.outputs)
    assert not problems, "\n".join(problems)
    assert_conservation(dbt, database, dbt_vars)


HOLD_DATABASE = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
connection.execute("select count(*) from event_sessions").fetchall()
print("held", flush=True)
sys.stdin.read()
"""


def test_a_second_run_while_the_database_is_held_fails_clearly_and_harms_nothing(
    dbt: InProcessDbt, tmp_path: Path
) -> None:
    database = tmp_path / "warehouse.duckdb"
    dbt_vars = landing_vars(strict=True)
    land(database, generate_raw_events(2_000, seed=7))
    dbt.run(database, dbt_vars)
    before = {**outputs(database), "manifest": query(database, "select * from int_runs__manifest")}
    holder = subprocess.Popen(  # another process's open run
        [sys.executable, "-c", HOLD_DATABASE, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        run = fork_run(dbt, database, dbt_vars)
        list(run.events())
        code = run.wait()
    finally:
        holder.communicate("")
    assert code == 1
    errors = [e.text for e in run.seen if e.name == "MainEncounteredError"]
    assert len(errors) == 1, run.seen[-5:]
    assert errors[0].startswith("Encountered an error: IO Error: Could not set lock on file")
    output = database.with_suffix(".out").read_text()  # what dbt printed
    assert "Could not set lock on file" in output, output[-4000:]
    assert "Conflicting lock is held" in output
    after = {**outputs(database), "manifest": query(database, "select * from int_runs__manifest")}
    for name, frame in before.items():
        key = list(frame.columns[:1])
        pd.testing.assert_frame_equal(
            frame.sort_values(key).reset_index(drop=True),
            after[name].sort_values(key).reset_index(drop=True),
            obj=name,
        )
