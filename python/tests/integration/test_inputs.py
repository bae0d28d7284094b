"""Inputs are read by column name, and a bad input stops the run with one clear line.

The six raw columns are found by name in any order; other columns are dropped by the input
macro (so a column named like a cookie can never leak); a missing column, a missing or
broken file, a missing table or a misspelled var fail before any model runs, with one line
naming the input, the problem and what to do. An empty input only warns.

dbt invocations are few: the messages of many inputs come from one
`dbt run-operation describe_raw_events_inputs` (the same macro the on-run-start check
uses), and a handful of real runs show that the line is what a run prints.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.io import read_raw_events, write_raw_events
from firstparty_sessions.reference import resolve

from .dbt_project import DbtWorkspace, as_records
from .hostile import hostile_frame
from .outcomes import assert_outputs_equal, output_differences
from .test_privacy import MARKER, assert_no_other_cookie_stored, raw_rows_with_private_cookies

RAW_COLUMNS = ["event_id", "source_id", "source_type", "received_at", "payload", "cookie"]
SWAPPED = ["event_id", "source_id", "source_type", "received_at", "cookie", "payload"]
SECRET = "SECRET-EXTRA-COLUMN-VALUE"
NEEDS = (
    "the input needs the columns event_id, source_id, source_type, received_at, payload, cookie"
    " (by exact name, any order; other columns are ignored)"
)
CSV_FIX = (
    'fix the file (comma-separated, fields quoted with ", a " inside doubled, '
    "every row as many fields as the header)"
)
DBT_NOISE = ("Possible fixes", "Traceback", "sniffing", "Original Line")


def sample_rows() -> pd.DataFrame:
    """Generated events, the hostile rows (quotes, newlines, empty strings, nulls) and rows
    whose Cookie header holds private cookies."""
    return pd.concat(
        [generate_raw_events(300, seed=11), hostile_frame(), raw_rows_with_private_cookies()],
        ignore_index=True,
    )


def with_extras(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """`frame`'s columns in `order`, with two extra columns around them: a note, and one
    named like a cookie holding a secret."""
    out = frame[list(order)].copy()
    out.insert(0, "auth_cookie", f"{SECRET}-auth")
    out["note"] = [f"{SECRET}-{i}" if i % 2 else None for i in range(len(out))]
    return out


def staging_rows(workspace: DbtWorkspace) -> list[tuple[object, ...]]:
    frame = workspace.query("select * from stg_firstparty__raw_events")
    columns = list(frame.columns)
    return as_records(frame, columns, columns)


def one_line_output(result_stdout: str) -> str:
    """dbt's output without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", result_stdout)


def assert_no_dbt_noise(output: str) -> None:
    for noise in DBT_NOISE:
        assert noise not in output, f"{noise!r} in dbt output:\n{output[-4000:]}"


# -- read by name --------------------------------------------------------------------------


def test_swapped_header_and_extra_columns_give_the_same_outputs(tmp_path: Path) -> None:
    """A CSV with `cookie` and `payload` swapped in the header, and extra columns (one
    named like a cookie, holding a secret), builds to the same three outputs as the
    well-ordered file (here gzipped: .csv.gz); no relation keeps a cookie but fsid or any
    extra column's name or value."""
    rows = sample_rows()
    ordered = tmp_path / "ordered.csv.gz"
    plain = tmp_path / "ordered.csv"
    write_raw_events(rows, plain)
    ordered.write_bytes(gzip.compress(plain.read_bytes()))
    swapped = tmp_path / "swapped.csv"
    write_raw_events(with_extras(rows, SWAPPED), swapped)
    assert swapped.read_text(encoding="utf-8").startswith(
        '"auth_cookie","event_id","source_id","source_type","received_at","cookie","payload","note"'
    )

    reference = DbtWorkspace(tmp_path / "ordered")
    reference.build(ordered)
    assert_outputs_equal(reference.outputs(), resolve(rows))

    workspace = DbtWorkspace(tmp_path / "swapped")
    workspace.build(swapped)
    problems = output_differences(
        workspace.outputs(), reference.outputs(), ("swapped header", "ordered")
    )
    assert not problems, "\n".join(problems)
    assert_no_other_cookie_stored(workspace, (MARKER, SECRET))
    note_columns = workspace.query(
        "select table_name, column_name from information_schema.columns"
        " where column_name in ('note', 'auth_cookie')"
    )
    assert note_columns.empty, note_columns


def test_every_kind_of_input_is_read_by_name(tmp_path: Path) -> None:
    """NDJSON, Parquet, a glob of CSV files in different column orders and a warehouse
    table (its received_at a TIMESTAMPTZ, converted to UTC) give the staging model the
    rows the well-ordered CSV gives; extra columns never reach it."""
    rows = sample_rows()
    ordered = tmp_path / "ordered.csv"
    write_raw_events(rows, ordered)
    reference = DbtWorkspace(tmp_path / "reference")
    reference.run(
        "run",
        "--select",
        "stg_firstparty__raw_events",
        "--vars",
        f"{{raw_events_path: '{ordered}'}}",
    )
    expected = staging_rows(reference)
    assert len(expected) == len(rows)

    half = len(rows) // 2
    parts = tmp_path / "parts"
    write_raw_events(rows.iloc[:half], parts / "a.csv")
    write_raw_events(with_extras(rows.iloc[half:], SWAPPED), parts / "b.csv")
    files = {
        "glob": parts / "*.csv",
        "ndjson": tmp_path / "swapped.jsonl",
        "parquet": tmp_path / "swapped.parquet",
    }
    write_raw_events(with_extras(rows, list(reversed(RAW_COLUMNS))), files["ndjson"])
    write_raw_events(with_extras(rows, SWAPPED), files["parquet"])
    for name, path in files.items():
        workspace = DbtWorkspace(tmp_path / name)
        workspace.run(
            "run",
            "--select",
            "stg_firstparty__raw_events",
            "--vars",
            f"{{raw_events_path: '{path}'}}",
        )
        assert staging_rows(workspace) == expected, name

    # A table: columns in another order, an extra one, received_at a TIMESTAMPTZ.
    workspace = DbtWorkspace(tmp_path / "table")
    workspace.root.mkdir()
    with duckdb.connect(str(workspace.database)) as connection:
        connection.execute("set TimeZone = 'America/New_York'")
        connection.execute("create schema landing")
        connection.execute(
            "create table landing.typed as select * from (values"
            " ('secret', 'fsid=x', '{}', timestamptz '2026-11-01 12:00:00.123+02:00', 'http', "
            "'s', 'e1'),"
            " ('secret', null, null, null, 'http', 's', 'e2'))"
            " as t(auth_cookie, cookie, payload, received_at, source_type, source_id, event_id)"
        )
    workspace.run(
        "run",
        "--select",
        "stg_firstparty__raw_events",
        "--vars",
        "{raw_events_schema: landing, raw_events_table: typed}",
    )
    staged = workspace.query(
        "select event_id, received_at, payload, cookie_session_status"
        " from stg_firstparty__raw_events order by event_id"
    )
    assert staged["event_id"].tolist() == ["e1", "e2"]
    assert staged["received_at"].iloc[0] == pd.Timestamp("2026-11-01 10:00:00.123")
    assert pd.isna(staged["received_at"].iloc[1])
    assert staged["payload"].tolist()[0] == "{}"
    assert staged["cookie_session_status"].tolist() == ["malformed", "absent"]
    # The table's TIMESTAMPTZ took the received_at rule's typed fast path (no text parse).
    assert "received_at_value" in workspace.view_sql("stg_firstparty__raw_events")


# -- the messages, many inputs in one dbt invocation ----------------------------------------

HEADER = ",".join(RAW_COLUMNS)
ROW = '"e1","src","http","2026-11-01 12:00:00","{}","fsid=x"'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def parquet_file(path: Path, columns: Sequence[str], rows: int = 1) -> Path:
    table = pa.table({name: pa.array([f"{name}-{i}" for i in range(rows)]) for name in columns})
    pq.write_table(table, path)
    return path


def message_cases(folder: Path) -> list[tuple[dict[str, str], str]]:
    """(input vars, the expected line: `error: ...`, `warning: ...` or `ok: N rows`)."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_missing = write(folder / "no_cookie.csv", "event_id,source_id,source_type,received_at\n")
    letters = write(folder / "letters.csv", "a,b,c,d,e,f\n" + ROW + "\n")
    zero = write(folder / "zero.csv", "")
    header_only = write(folder / "header_only.csv", HEADER + "\n")
    broken_quote = write(
        folder / "broken_quote.csv",
        HEADER + "\n" + ROW + '\n"e2","src","http","2026-11-01 12:00:00,"{}","fsid=x"\n',
    )
    short_row = write(folder / "short_row.csv", HEADER + "\n" + ROW + '\n"e2","src"\n')
    broken_ndjson = write(
        folder / "broken.ndjson",
        json.dumps(dict.fromkeys(RAW_COLUMNS, "x")) + '\n\n{"event_id": "e2",\n{}\n',
    )
    ndjson_no_payload = write(
        folder / "no_payload.jsonl",
        json.dumps({c: "x" for c in RAW_COLUMNS if c != "payload"}) + "\n",
    )
    not_parquet = write(folder / "text.parquet", HEADER + "\n" + ROW + "\n")
    parquet_no_cookie = parquet_file(
        folder / "no_cookie.parquet", [c for c in RAW_COLUMNS if c != "cookie"]
    )
    empty_parquet = parquet_file(folder / "empty.parquet", RAW_COLUMNS, rows=0)
    good = write(folder / "glob" / "a.csv", HEADER + "\n" + ROW + "\n")
    write(folder / "glob" / "b.csv", "event_id,payload\n" + '"e9","{}"\n')
    unknown = write(folder / "events.txt", HEADER + "\n")
    case_twice = write(folder / "case_twice.csv", HEADER + ",Cookie\n" + ROW + ',"auth=secret"\n')

    def path(p: Path) -> dict[str, str]:
        return {"raw_events_path": str(p)}

    def error(p: Path | str, text: str) -> str:
        return f"error: raw_events_path '{p}': {text}"

    return [
        (
            path(folder / "nope.csv"),
            error(
                folder / "nope.csv",
                "no such file (nothing matches the path); check the path (relative to the folder "
                "dbt runs in)",
            ),
        ),
        (
            path(unknown),
            error(
                unknown,
                "unknown file type; name the file .csv, .csv.gz, .parquet, .ndjson, .jsonl or "
                ".json after its format",
            ),
        ),
        (
            path(zero),
            error(
                zero,
                "the file is empty (no header row); a CSV input starts with a header row naming "
                "its columns",
            ),
        ),
        (
            path(csv_missing),
            error(
                csv_missing,
                "missing columns payload, cookie (found: event_id, source_id, source_type, "
                "received_at); "
                f"{NEEDS}: add or rename them",
            ),
        ),
        (
            path(letters),
            error(
                letters,
                "missing columns event_id, source_id, source_type, received_at, payload, cookie "
                f"(found: a, b, c, d, e, f); {NEEDS}: add or rename them",
            ),
        ),
        (
            path(broken_quote),
            error(
                broken_quote,
                "not a readable CSV file: line 3 (column received_at): Value with unterminated "
                "quote "
                f"found.; {CSV_FIX}",
            ),
        ),
        (
            path(short_row),
            error(
                short_row,
                "not a readable CSV file: line 3 (column source_id): Expected Number of Columns: 6 "
                f"Found: 2; {CSV_FIX}",
            ),
        ),
        (
            path(broken_ndjson),
            error(
                broken_ndjson,
                "line 3 is not a JSON object; fix that line (an NDJSON file holds one JSON "
                "object per line)",
            ),
        ),
        (
            path(ndjson_no_payload),
            error(
                ndjson_no_payload,
                "missing column payload (found: cookie, event_id, received_at, source_id, "
                "source_type); "
                f"{NEEDS}: add or rename them",
            ),
        ),
        (
            path(not_parquet),
            error(
                not_parquet,
                "not a readable Parquet file; check that it is Parquet (written completely), "
                "or give it the extension of its real format",
            ),
        ),
        (
            path(parquet_no_cookie),
            error(
                parquet_no_cookie,
                "missing column cookie (found: event_id, source_id, source_type, received_at, "
                "payload); "
                f"{NEEDS}: add or rename them",
            ),
        ),
        (
            path(folder / "glob" / "*.csv"),
            error(
                folder / "glob" / "*.csv",
                f"file '{folder / 'glob' / 'b.csv'}': missing columns source_id, source_type, "
                f"received_at, cookie (found: event_id, payload); {NEEDS}: add or rename them",
            ),
        ),
        (
            path(case_twice),
            error(
                case_twice,
                "column cookie appears more than once (names differing only in case count as the "
                f"same); {NEEDS}: keep one",
            ),
        ),
        (
            path(header_only),
            f"warning: raw_events_path '{header_only}': the input has no rows; "
            "the run goes on with nothing to add",
        ),
        (
            path(empty_parquet),
            f"warning: raw_events_path '{empty_parquet}': the input has no rows; "
            "the run goes on with nothing to add",
        ),
        (path(good), "ok: 1 rows"),
        (
            {"raw_events_table": "no_such_table"},
            'error: raw_events_table "warehouse"."main"."no_such_table": no such table (or it has '
            "no columns); check raw_events_table, raw_events_schema and raw_events_database, "
            "or create the table first",
        ),
        (
            {"raw_events_schema": "landing", "raw_events_table": "empty_events"},
            'warning: raw_events_table "warehouse"."landing"."empty_events": the input has no '
            "rows; "
            "the run goes on with nothing to add",
        ),
        (
            {"raw_events_schema": "landing", "raw_events_table": "no_cookie_events"},
            'error: raw_events_table "warehouse"."landing"."no_cookie_events": missing column '
            "cookie "
            f"(found: event_id, source_id, source_type, received_at, payload); {NEEDS}: "
            "add or rename them",
        ),
        (
            {"raw_events_schema": "landing"},
            "error: raw_events_schema 'landing' is set without raw_events_table: add "
            "raw_events_table (the table's name), or remove raw_events_schema",
        ),
        (
            {"raw_events_database": "lake"},
            "error: raw_events_database 'lake' is set without raw_events_table: add "
            "raw_events_table (the table's name), or remove raw_events_database",
        ),
        (
            {"raw_events_path": str(good), "raw_events_table": "t"},
            "error: raw_events_path and raw_events_table are both set: the input is a file or a "
            "table; remove one of them",
        ),
        ({"raw_event_path": str(good)}, unknown_var("raw_event_path")),
        ({"raw_events_file": str(good)}, unknown_var("raw_events_file")),
    ]


def unknown_var(name: str) -> str:
    return (
        f"error: unknown var '{name}' (a misspelled input var?): the input vars are "
        "raw_events_path (a file), or raw_events_table with optional raw_events_schema and "
        "raw_events_database (a table), and optionally raw_events_load_column (a column that "
        "grows with each load); rename it"
    )


def described(workspace: DbtWorkspace, inputs: Sequence[dict[str, str]]) -> list[str]:
    """What `describe_raw_events_inputs` says of each input, in order."""
    result = workspace.run(
        "run-operation", "describe_raw_events_inputs", "--args", json.dumps({"inputs": inputs})
    )
    found = dict(re.findall(r"input (\d+): (.*)", one_line_output(result.stdout)))
    return [found.get(str(index), "<nothing said>") for index in range(1, len(inputs) + 1)]


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str]]:
    folder = tmp_path_factory.mktemp("inputs")
    workspace = DbtWorkspace(folder / "dbt")
    workspace.root.mkdir()
    with duckdb.connect(str(workspace.database)) as connection:
        connection.execute("create schema landing")
        columns = ", ".join(f"{c} varchar" for c in RAW_COLUMNS)
        connection.execute(f"create table landing.empty_events ({columns})")
        connection.execute(
            "create table landing.no_cookie_events as select 'e' as event_id, 's' as source_id,"
            " 'http' as source_type, '2026-11-01' as received_at, '{}' as payload"
        )
    cases = message_cases(folder / "files")
    said = described(workspace, [case for case, _ in cases])
    return [
        (json.dumps(case), expected, got) for (case, expected), got in zip(cases, said, strict=True)
    ]


def test_each_bad_input_is_one_clear_line(messages: list[tuple[str, str, str]]) -> None:
    wrong = [
        f"{case}\n  expected: {expected}\n  got:      {got}"
        for case, expected, got in messages
        if got != expected
    ]
    assert not wrong, "\n".join(wrong)


# -- what a run prints and does -------------------------------------------------------------


def test_a_bad_input_stops_the_run_before_any_model(tmp_path: Path) -> None:
    """The real runs print the same one line, run no model, and show no engine tips."""
    missing = write(tmp_path / "no_cookie.csv", "event_id,source_id,source_type,received_at\n")
    broken = write(
        tmp_path / "broken.ndjson",
        json.dumps(dict.fromkeys(RAW_COLUMNS, "x")) + '\n{"event_id": "e2",\n',
    )
    cases = [
        (
            ("build", "--vars", f"{{raw_events_path: '{missing}'}}"),
            f"raw_events_path '{missing}': missing columns payload, cookie (found: event_id, "
            f"source_id, source_type, received_at); {NEEDS}: add or rename them",
        ),
        (
            ("run", "--vars", f"{{raw_events_path: '{broken}'}}"),
            f"raw_events_path '{broken}': line 2 is not a JSON object; fix that line "
            "(an NDJSON file holds one JSON object per line)",
        ),
        (
            ("build", "--vars", f"{{raw_events_file: '{missing}'}}"),
            unknown_var("raw_events_file").removeprefix("error: "),
        ),
    ]
    for index, (args, line) in enumerate(cases):
        workspace = DbtWorkspace(tmp_path / f"run{index}")
        result = workspace.run(*args, check=False)
        output = one_line_output(result.stdout + result.stderr)
        assert result.returncode != 0, output[-3000:]
        assert any(got.strip() == line for got in output.splitlines()), (
            f"{line!r} not a line of:\n{output[-3000:]}"
        )
        assert "START sql" not in output, output[-3000:]
        assert "START seed" not in output, output[-3000:]
        assert_no_dbt_noise(output)
        if workspace.database.exists():
            relations = workspace.query("select table_name from information_schema.tables")
            assert relations.empty, relations


def test_an_empty_input_warns_and_the_build_goes_on(tmp_path: Path) -> None:
    header_only = write(tmp_path / "header_only.csv", HEADER + "\n")
    workspace = DbtWorkspace(tmp_path / "dbt")
    result = workspace.run("build", "--vars", f"{{raw_events_path: '{header_only}'}}")
    output = one_line_output(result.stdout)
    line = (
        f"Warning: raw_events_path '{header_only}': the input has no rows; "
        "the run goes on with nothing to add"
    )
    assert any(got.strip().endswith(line) for got in output.splitlines()), output[-3000:]
    for name, frame in workspace.outputs().items():
        assert frame.empty, name


# -- the Python reader accepts and refuses the same layouts ----------------------------------

LAYOUTS: dict[str, tuple[str, list[str] | None]] = {
    # name: (file text, the columns both must name when refusing; None: both accept)
    "swapped": (
        ",".join(SWAPPED)
        + "\n"
        + '"e1","src","http","2026-11-01 12:00:00","fsid=x","{}"\n'
        + '"e2",,"http","2026-11-01","",""\n',
        None,
    ),
    "extra_columns": (
        "note,"
        + HEADER
        + ",auth_cookie\n"
        + '"n1",'
        + ROW
        + ',"secret"\n'
        + ',"e2",,"http",,"{}",,\n',
        None,
    ),
    "missing_cookie": (
        "event_id,source_id,source_type,received_at,payload\n"
        + '"e1","src","http","2026-11-01","{}"\n',
        ["cookie"],
    ),
    "missing_payload": (
        "event_id,source_id,source_type,received_at,cookie\n"
        + '"e1","src","http","2026-11-01","fsid=x"\n',
        ["payload"],
    ),
    "zero_byte": ("", []),
    "header_only": (HEADER + "\n", None),
}


@dataclass(frozen=True)
class DbtReadings:
    paths: dict[str, Path]
    verdicts: dict[str, str]
    rows: dict[str, list[tuple[object, ...]]]


@pytest.fixture(scope="module")
def dbt_readings(tmp_path_factory: pytest.TempPathFactory) -> DbtReadings:
    """For each layout, dbt's verdict (`error: ...`, `warning: ...`, `ok: ...`) and, when it
    accepts the file, the rows its input macro reads (two dbt invocations in all)."""
    folder = tmp_path_factory.mktemp("layouts")
    paths = {name: write(folder / f"{name}.csv", text) for name, (text, _) in LAYOUTS.items()}
    workspace = DbtWorkspace(folder / "dbt")
    verdicts = described(workspace, [{"raw_events_path": str(p)} for p in paths.values()])
    verdict_of = dict(zip(paths, verdicts, strict=True))
    accepted = [name for name, verdict in verdict_of.items() if not verdict.startswith("error")]
    select = ", ".join(RAW_COLUMNS)
    columns = "{{ firstparty_sessions.raw_events_columns() | join(', ') }}"
    query = " union all ".join(
        f"select '{name}' as layout, * from (select {columns} from"
        f" {{{{ firstparty_sessions.read_raw_events_file('{paths[name]}') }}}}) as input_{index}"
        for index, name in enumerate(accepted)
    )
    rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in accepted}
    if accepted:
        result = workspace.run(
            "show",
            "--quiet",
            "--output",
            "json",
            "--limit",
            "-1",
            "--inline",
            f"select layout, {select} from ({query}) as layouts",
        )
        shown = json.loads(result.stdout[result.stdout.index("{") :])["show"]
        for row in shown:
            rows[row["layout"]].append(tuple(row[c] for c in RAW_COLUMNS))
    return DbtReadings(paths, verdict_of, rows)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_dbt_and_the_python_reader_agree(layout: str, dbt_readings: DbtReadings) -> None:
    _, refused_for = LAYOUTS[layout]
    verdict = dbt_readings.verdicts[layout]
    try:
        frame = read_raw_events(dbt_readings.paths[layout])
    except ValueError as exc:
        python_error: str | None = str(exc)
    else:
        python_error = None

    if refused_for is None:
        assert not verdict.startswith("error"), verdict
        assert python_error is None, python_error
        python_rows = [
            tuple(None if pd.isna(v) else v for v in row)
            for row in frame[RAW_COLUMNS].itertuples(index=False)
        ]
        assert sorted(dbt_readings.rows[layout], key=str) == sorted(python_rows, key=str)
    else:
        assert verdict.startswith("error"), verdict
        assert python_error is not None, f"the Python reader accepts {layout}: {frame.columns}"
        for column in refused_for:
            assert re.search(rf"missing columns? ([a-z_]+, )*{column}\b", verdict), verdict
            assert column in python_error, python_error
