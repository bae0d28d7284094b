"""The benchmark's honest reference (bench/reference/outputs.sql with the CTEs of
text.sql or typed.sql, hand-written DuckDB SQL for speed) computes exactly what the dbt
project builds: every row and every column of the three outputs, default `format` mode,
for a text received_at and for a typed one (TIMESTAMP, and TIMESTAMP WITH TIME ZONE). The
input: generated events, the hostile rows, and edge cases of the received_at grammar, the
JSON rules, the cookie rule and deduplication ties."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from firstparty_sessions.generate import generate_raw_events

from .dbt_project import OUTPUTS, PROJECT_DIR, SORT_KEYS, DbtWorkspace, as_records
from .hostile import ANA, SERVER, hostile_frame

pytestmark = pytest.mark.slow

# input variant -> the reference file for it; typed_tz: received_at TIMESTAMP WITH TIME ZONE
VARIANTS = {"text": "text", "typed": "typed", "typed_tz": "typed"}
TYPED = ("typed", "typed_tz")
EVENTS = 3_000
UPPER = SERVER.upper()

# received_at texts: the grammar's forms, offsets, calendar checks, the range (docs/rules.md)
RECEIVED_AT_CASES = (
    "2026-11-01",
    "2026-11-01 12:34",
    "2026-11-01T12:34",
    "2026-11-01 12:00:00.1234567",
    "2026-11-01 12:00:00.999999999",
    "2026-11-01T12:00:00Z",
    "2026-11-01 12:00:00+00",
    "2026-11-01 12:00:00-00:00",
    "2026-11-01 12:00:00+0530",
    "2026-11-01 12:00:00.5-08:00",
    "2026-11-01T23:30-01:00",
    "2026-11-01 12:00+23:59",
    "2024-02-29",
    "1970-01-01T01:00+01:00",
    "1969-12-31T23:30-01:00",
    "9999-12-31 23:59:59.999999",
    "9999-12-31T23:00+05:00",
    "9999-12-31T23:00-05:00",
    "0001-01-01T00:00+01:00",
    "1969-12-31 23:59:59.999999",
    "0001-01-01",
    "2026-02-30",
    "2025-02-29",
    "2026-13-01",
    "2026-11-01Z",
    "2026-11-01 24:00",
    "2026-11-01 12:00+05:60",
    "2026-11-01 12:00:00.1234567890",
    " 2026-11-01",
    "2026-11-01 ",
    "0000-01-01",
    "10000-01-01",
    "",
    None,
)

# payloads: the JSON rules and the payload statuses (docs/rules.md, The payload)
PAYLOAD_CASES = (
    None,
    "",
    "not json",
    "nan",
    "[1,]",
    '"text"',
    "null",
    " \n{}",
    "{}",
    '{"a":1,}',
    "{,}",
    '{"a":1,\x0b}',
    '{"s":"\\ud800"}',
    '{"session_id": NaN}',
    '{"session_id": null}',
    '{"session_id": 7, "profile_id": 7, "event": true}',
    '{"session_id": ""}',
    '{"session_id": "\\"' + ANA + '\\""}',
    '{"session_id": " \\t' + UPPER + '\\n", "profile_id": "", "event": "x"}',
    '{"session_id": "' + ANA + '", "session_id": "' + SERVER + '"}',
    '{"context": {"session_id": "' + ANA + '"}, "event": "nested"}',
    '{"session_id": "' + ANA + '", "profile_id": " p ", "event": "e",}',
)

# Cookie headers: the cookie rule (fsid only, first valid value, quotes, white space)
COOKIE_CASES = (
    None,
    "",
    "fsid",
    "fsid=",
    f"FSID={ANA}",
    f"xfsid={ANA}; fsid_old={SERVER}",
    f"fsid=nope; fsid={UPPER}",
    f'fsid="{ANA}"',
    f'fsid=" {ANA}"',
    f'fsid="{ANA}',
    f" \tfsid \t= \t{ANA} \t; a=b",
    f"a=b;fsid={ANA}x",
    f"a=b, fsid={ANA}",
    f"fsid; fsid={SERVER}",
    f"a=fsid={ANA}",
    f"fsid={ANA}={SERVER}",
)


def edge_rows() -> pd.DataFrame:
    """Rows for each edge case above, and re-deliveries tied on received_at that the later
    keys of the delivery order decide."""
    rows: list[dict[str, object]] = []

    def add(event_id: str | None, received_at: str | None, payload: str | None,
            cookie: str | None, source_id: str | None = "src_edge") -> None:  # fmt: skip
        rows.append({"event_id": event_id, "source_id": source_id, "source_type": "http",
                     "received_at": received_at, "payload": payload, "cookie": cookie})  # fmt: skip

    for i, text in enumerate(RECEIVED_AT_CASES):
        add(f"edge_t{i:02d}", text, '{"event": "t"}', None)
    for i, payload in enumerate(PAYLOAD_CASES):
        add(f"edge_p{i:02d}", "2026-11-02 10:00:00", payload, None)
    for i, cookie in enumerate(COOKIE_CASES):
        add(f"edge_c{i:02d}", "2026-11-03 10:00:00", '{"event": "c"}', cookie)
    # ties on received_at, one event per deciding key of the delivery order: the source,
    # the payload status, the payload ID, the profile, the event name, the cookie status
    # and the cookie ID (docs/rules.md, Deduplication)
    tie = "2026-11-04 10:00:00"
    ties: dict[str, list[tuple[str, str | None, str | None]]] = {
        "source": [('{"event": "b"}', None, "src_b"), ('{"event": "a"}', None, None),
                   ('{"event": "c"}', None, "src_a")],
        "payload_status": [('{"session_id": "' + ANA + '"}', None, "src"),
                           ("{", None, "src"), ('{"event": "x"}', None, "src")],
        "payload_id": [('{"session_id": "' + SERVER + '"}', None, "src"),
                       ('{"session_id": "' + ANA + '"}', None, "src")],
        "profile": [('{"profile_id": "p2"}', None, "src"), ('{"profile_id": "p1"}', None, "src"),
                    ('{"profile_id": null}', None, "src")],
        "event_name": [('{"event": "b"}', None, "src"), ('{"event": "a"}', None, "src")],
        "cookie_status": [("{}", f"fsid={SERVER}", "src"), ("{}", "fsid=bad", "src"),
                          ("{}", "a=b", "src")],
        "cookie_id": [("{}", f"fsid={SERVER}", "src"), ("{}", f"fsid={ANA}", "src")],
    }  # fmt: skip
    for key, deliveries in ties.items():
        for order in (deliveries, deliveries[::-1]):
            for payload, cookie, source in order:
                add(f"edge_tie_{key}_{order is deliveries}", tie, payload, cookie, source)
    # an earlier re-delivery, rejected rows that never count, identical rejects (occurrence)
    add("edge_dup", "2026-11-05 10:00:00", '{"event": "late"}', None)
    add("edge_dup", "2026-11-05 09:00:00", '{"event": "early"}', f"fsid={ANA}")
    add("edge_dup", "garbage", '{"event": "rejected"}', None)
    for _ in range(3):
        add(" \t", "2026-11-05 09:00:00", "{}", None)
        add(None, "2026-11-05 09:00:00", None, None)
    return pd.DataFrame(rows, dtype=object)


def raw_rows() -> pd.DataFrame:
    return pd.concat(
        [generate_raw_events(EVENTS, seed=11), hostile_frame(), edge_rows()], ignore_index=True
    )


# Typed variant: received_at read by the rule (as bench/run.py converts the benchmark's
# input), so unparseable texts become null; plus values only a typed column can hold.
TYPED_SQL = r"""
copy (
    select * replace (
        case
            when regexp_matches(received_at, ':[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9:]+)\z')
                then try_cast(received_at as timestamptz) at time zone 'UTC'
            else try_cast(received_at as timestamp)
        end as received_at
    )
    from read_parquet('{text}')
    union all
    select * from (values
        ('edge_y1', 'src_edge', 'http', timestamp '0001-01-01 00:00:00', '{}', null),
        ('edge_y2', 'src_edge', 'http', timestamp '1969-12-31 23:59:59.999999', '{}', null),
        ('edge_y3', 'src_edge', 'http', timestamp '9999-12-31 23:59:59.999999', '{}', null),
        ('edge_y4', 'src_edge', 'http', timestamp '10000-01-01 00:00:00', '{}', null),
        ('edge_y5', 'src_edge', 'http', timestamp '0001-01-01' - interval 1 day, '{}', null),
        ('edge_y6', 'src_edge', 'http', timestamp '1970-01-01 00:00:00', '{}', null),
        ('edge_y7', 'src_edge', 'http', null, '{}', null),
        ('edge_y8', 'src_edge', 'http', timestamp 'infinity', '{}', null),
        ('edge_y9', 'src_edge', 'http', timestamp '-infinity', '{}', null)
    )
) to '{typed}' (format parquet)
"""


def write_inputs(root: Path) -> dict[str, Path]:
    text = root / "raw_text.parquet"
    typed = root / "raw_typed.parquet"
    typed_tz = root / "raw_typed_tz.parquet"
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        frame = raw_rows()
        connection.register("frame", frame)
        connection.execute(
            "copy (select event_id::varchar as event_id, source_id::varchar as source_id, "
            "source_type::varchar as source_type, received_at::varchar as received_at, "
            "payload::varchar as payload, cookie::varchar as cookie from frame) "
            f"to '{text}' (format parquet)"
        )
        connection.execute(TYPED_SQL.replace("{text}", str(text)).replace("{typed}", str(typed)))
        connection.execute(
            "copy (select * replace (cast(received_at as timestamptz) as received_at) "
            f"from read_parquet('{typed}')) to '{typed_tz}' (format parquet)"
        )
        inputs = {"text": text, "typed": typed, "typed_tz": typed_tz}
        # The engine's text of each typed value: what the rule reads without its fast path.
        for variant in TYPED:
            as_text = root / f"raw_{variant}_as_text.parquet"
            connection.execute(
                "copy (select * replace (cast(received_at as varchar) as received_at) "
                f"from read_parquet('{inputs[variant]}')) to '{as_text}' (format parquet)"
            )
            inputs[f"{variant}_as_text"] = as_text
    return inputs


def reference_statements(variant: str, raw_path: Path) -> list[str]:
    """The reference's statements for `variant`, as the benchmark runs them (bench/run.py
    assembles them)."""
    spec = importlib.util.spec_from_file_location("bench_run", PROJECT_DIR / "bench" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    bench_run = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench_run  # its dataclasses look their module up
    spec.loader.exec_module(bench_run)
    statements: list[str] = bench_run.reference_statements(variant, str(raw_path))
    return statements


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DbtWorkspace]:
    root = tmp_path_factory.mktemp("reference")
    inputs = write_inputs(root)
    workspaces = {}
    for variant, raw_path in inputs.items():
        workspace = DbtWorkspace(root / variant)
        workspace.run("run", "--full-refresh", "--vars", f"{{raw_events_path: '{raw_path}'}}")
        if variant in VARIANTS:
            with duckdb.connect(str(workspace.database)) as connection:
                connection.execute("set TimeZone = 'UTC'")
                for statement in reference_statements(VARIANTS[variant], raw_path):
                    connection.execute(statement)
        workspaces[variant] = workspace
    return workspaces


@pytest.mark.parametrize("variant", sorted(set(VARIANTS.values())))
def test_three_statements(variant: str) -> None:
    statements = reference_statements(variant, Path("x.parquet"))
    assert len(statements) == 3
    assert all(s.count("create or replace table ref_") == 1 for s in statements)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("output", OUTPUTS)
def test_reference_equals_the_project(
    built: dict[str, DbtWorkspace], variant: str, output: str
) -> None:
    workspace = built[variant]
    project = workspace.query(f"select * from {output}")
    reference = workspace.query(f"select * from ref_{output}")
    assert list(reference.columns) == list(project.columns)
    assert len(project) > 0
    columns = list(project.columns)
    keys = SORT_KEYS[output]
    assert as_records(reference, columns, keys) == as_records(project, columns, keys)


@pytest.mark.parametrize("variant", TYPED)
@pytest.mark.parametrize("output", OUTPUTS)
def test_a_typed_received_at_gives_what_its_text_gives(
    built: dict[str, DbtWorkspace], variant: str, output: str
) -> None:
    """The received_at rule's typed fast path (typed_received_at: the timestamp kept, no
    text round trip) builds exactly what the rule builds from the engine's text of the same
    values: BC, infinite and past-9999 values unparseable, before 1970 out of range."""
    typed, as_text = built[variant], built[f"{variant}_as_text"]
    staging = "stg_firstparty__raw_events"
    assert "received_at_value" in typed.view_sql(staging)  # the fast path was taken
    assert "received_at_value" not in as_text.view_sql(staging)
    project = typed.query(f"select * from {output}")
    from_text = as_text.query(f"select * from {output}")
    assert len(project) > 0
    columns = list(project.columns)
    keys = SORT_KEYS[output]
    assert as_records(from_text, columns, keys) == as_records(project, columns, keys)


def test_the_edge_cases_reach_every_status(built: dict[str, DbtWorkspace]) -> None:
    """The input exercises what the reference must get right: every payload and cookie
    status, each resolution, each reject reason."""
    for variant in VARIANTS:
        events = built[variant].query(
            "select distinct payload_session_status, cookie_session_status, resolved_by "
            "from event_sessions"
        )
        assert set(events["payload_session_status"]) >= {
            "no_payload", "invalid_json", "not_an_object", "absent", "null", "not_a_string",
            "malformed", "valid",
        }  # fmt: skip
        assert set(events["cookie_session_status"]) == {"valid", "malformed", "absent"}
        assert set(events["resolved_by"]) == {"payload", "cookie", "minted"}
        reasons = set(built[variant].query("select distinct reason from rejected_events")["reason"])
        assert reasons == {
            "missing_event_id", "missing_received_at", "unparseable_received_at",
            "received_at_out_of_range",
        }  # fmt: skip
