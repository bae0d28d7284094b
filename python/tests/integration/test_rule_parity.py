"""The SQL macros and the Python helper implement the same rules, byte for byte.

Each rule is applied by both to at least 100,000 generated inputs: the macros are
compiled by dbt (`dbt compile --inline`) and run by DuckDB over the same inputs the
Python functions see. Inputs are drawn to sit on the rules' edges: unicode event IDs,
millisecond boundaries, every kind of white space, decoy cookie names, broken JSON.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import duckdb
import pandas as pd
import pytest

from firstparty_sessions.cookies import fsid_from_cookie_header
from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.payload import read_payload
from firstparty_sessions.timestamps import parse_received_at
from firstparty_sessions.validation import normalize_session_id

from .dbt_project import DbtWorkspace

pytestmark = pytest.mark.slow

CASES = 100_000
EPOCH = datetime(1970, 1, 1)
LAST_MICROSECOND = 253_402_300_799_999_999  # 9999-12-31 23:59:59.999999
WHITE_SPACE = [" ", "\t", "\n", "\r", "\x0b", "\x0c"]
NOT_WHITE_SPACE = ["\u00a0", "\u2028", "\u3000", "\ufeff", "\u200b", "\x85"]
ODD_CHARACTERS = [
    "é", "ß", "中", "😀", "\u0301", "\u202e", "'", '"', "\\", ";", "=", ",", "%", "_",
    "\x01", "\x1f", "\x7f", "\u0663", "\uff41", "\u0130", "-", " ",
]  # fmt: skip


def compile_sql(workspace: DbtWorkspace, sql: str) -> str:
    """`sql` (reading the table `inputs`) with the project's macros expanded by dbt."""
    result = workspace.run("compile", "--quiet", "--inline", sql)
    return result.stdout.strip()


def run_sql(sql: str, inputs: pd.DataFrame) -> pd.DataFrame:
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.register("inputs", inputs)
        return connection.execute(sql + " order by case_number").df()


def assert_same(
    inputs: pd.DataFrame,
    sql_rows: pd.DataFrame,
    python: Callable[[pd.Series], Sequence[object]],
    columns: Sequence[str],
) -> None:
    mismatches = []
    for (_, row), sql_row in zip(inputs.iterrows(), sql_rows.itertuples(index=False), strict=True):
        expected = tuple(python(row))
        actual = tuple(
            None if pd.isna(value) else value for value in (getattr(sql_row, c) for c in columns)
        )
        if expected != actual:
            mismatches.append((row.to_dict(), expected, actual))
    assert not mismatches, f"{len(mismatches)} mismatches, e.g. {mismatches[:5]}"


def random_uuid(rng: random.Random) -> str:
    digits = f"{rng.getrandbits(128):032x}"
    text = f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
    style = rng.random()
    if style < 0.3:
        return text.upper()
    if style < 0.6:
        return "".join(c.upper() if rng.random() < 0.5 else c for c in text)
    return text


def candidate(rng: random.Random) -> str:
    """A session ID candidate: valid, padded, or broken in one of many ways."""
    text = random_uuid(rng)
    for _ in range(rng.choice([0, 0, 1, 2])):
        mutation = rng.randrange(10)
        position = rng.randrange(len(text) + 1)
        if mutation == 0:
            text = "".join(rng.choices(WHITE_SPACE, k=rng.randint(1, 3))) + text
        elif mutation == 1:
            text = text + "".join(rng.choices(WHITE_SPACE, k=rng.randint(1, 3)))
        elif mutation == 2:
            text = rng.choice(NOT_WHITE_SPACE) + text
        elif mutation == 3:
            text = text[:position] + rng.choice([*ODD_CHARACTERS, "g", "G", "0"]) + text[position:]
        elif mutation == 4 and text:
            text = text[: max(position - 1, 0)] + text[position:]
        elif mutation == 5:
            text = "{" + text + "}"
        elif mutation == 6:
            text = '"' + text + '"'
        elif mutation == 7:
            text = "urn:uuid:" + text
        elif mutation == 8:
            text = "".join(rng.choices([*WHITE_SPACE, "a", "-", "1"], k=rng.randint(0, 6)))
        else:
            text = text[:position] + rng.choice(['"', " ", "\t"]) + text[position:]
    return text


def event_id(rng: random.Random) -> str:
    alphabet = [*"abcdefghijklmnopqrstuvwxyz0123456789_-", *ODD_CHARACTERS]
    return "".join(rng.choices(alphabet, k=rng.randint(0, 40)))


def received_at_micros(rng: random.Random) -> int:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice([0, 1, 999, 1000, 999_999, LAST_MICROSECOND])
    base = rng.randrange(0, LAST_MICROSECOND // 1000) * 1000
    return min(base + rng.choice([0, 1, 499, 500, 999, rng.randrange(1000)]), LAST_MICROSECOND)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> DbtWorkspace:
    return DbtWorkspace(tmp_path_factory.mktemp("parity"))


def test_minted_ids_match_byte_for_byte(workspace: DbtWorkspace) -> None:
    rng = random.Random(20261101)
    micros = [received_at_micros(rng) for _ in range(CASES)]
    inputs = pd.DataFrame(
        {
            "case_number": range(CASES),
            "event_id": [event_id(rng) for _ in range(CASES)],
            "received_at": pd.array(
                [EPOCH + timedelta(microseconds=m) for m in micros], dtype="datetime64[us]"
            ),
        }
    )
    sql = compile_sql(
        workspace,
        "select case_number, "
        "{{ firstparty_sessions.mint_session_id('event_id', 'received_at') }} as minted "
        "from inputs",
    )
    assert_same(
        inputs,
        run_sql(sql, inputs),
        lambda row: [mint_session_id(row["event_id"], row["received_at"].to_pydatetime())],
        ["minted"],
    )


def test_validity_rule_matches(workspace: DbtWorkspace) -> None:
    rng = random.Random(7)
    inputs = pd.DataFrame(
        {"case_number": range(CASES), "value": [candidate(rng) for _ in range(CASES)]}
    )
    sql = compile_sql(
        workspace,
        "select case_number, {{ firstparty_sessions.normalize_session_id('value') }} as normalized "
        "from inputs",
    )
    sql_rows = run_sql(sql, inputs)
    assert_same(inputs, sql_rows, lambda row: [normalize_session_id(row["value"])], ["normalized"])
    valid_share = sql_rows["normalized"].notna().mean()
    assert 0.2 < valid_share < 0.9, "the inputs must exercise both outcomes"


def cookie_header(rng: random.Random) -> str | None:
    if rng.random() < 0.03:
        return None
    names = [
        "fsid",
        "fsid",
        "FSID",
        "xfsid",
        "fsid_old",
        " fsid",
        "fsid\t",
        "_ga",
        "auth_token",
        "",
        "Fsid",
    ]
    parts = []
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(names)
        value = candidate(rng) if rng.random() < 0.8 else event_id(rng)
        if rng.random() < 0.2:
            value = f'"{value}"'
        separator = "=" if rng.random() < 0.93 else ""
        parts.append(name + rng.choice(["", " ", "\t"]) + separator + value)
    return rng.choice([";", "; ", " ;", ";\t", ";;"]).join(parts)


def test_cookie_rule_matches(workspace: DbtWorkspace) -> None:
    rng = random.Random(11)
    inputs = pd.DataFrame(
        {"case_number": range(CASES), "header": [cookie_header(rng) for _ in range(CASES)]}
    )
    sql = compile_sql(
        workspace,
        """
        select
            case_number,
            cookie_session_id,
            {{ firstparty_sessions.cookie_session_status('header', 'cookie_session_id') }} as status
        from (
            select *, {{ firstparty_sessions.cookie_session_id('header') }} as cookie_session_id
            from inputs
        )
        """,
    )
    sql_rows = run_sql(sql, inputs)

    def python(row: pd.Series) -> list[object]:
        header = row["header"]
        found = fsid_from_cookie_header(None if pd.isna(header) else header)
        return [found.session_id, found.status]

    assert_same(inputs, sql_rows, python, ["cookie_session_id", "status"])
    assert set(sql_rows["status"]) == {"valid", "malformed", "absent"}


def received_at_text(rng: random.Random) -> str | None:
    if rng.random() < 0.02:
        return rng.choice([None, "", "yesterday", " ", "2026-11-01 12:00:00 UTC"])
    year = rng.choice([1, 1969, 1970, 2026, 2024, 9999, rng.randint(0, 9999)])
    month = rng.choice([1, 2, 12, 13, 0, rng.randint(1, 12)])
    day = rng.choice([1, 28, 29, 30, 31, 32, 0, rng.randint(1, 31)])
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if rng.random() < 0.85:
        hour = rng.choice([0, 12, 23, 24, rng.randint(0, 23)])
        text += (
            rng.choice(["T", " ", "t"])
            + f"{hour:02d}:{rng.choice([0, 59, 60, rng.randint(0, 59)]):02d}"
        )
        if rng.random() < 0.8:
            text += f":{rng.choice([0, 59, 60, rng.randint(0, 59)]):02d}"
            if rng.random() < 0.6:
                text += "." + "".join(rng.choices("0123456789", k=rng.choice([1, 3, 6, 7, 9, 10])))
        if rng.random() < 0.4:
            offset_hour = rng.choice([0, 5, 14, 23, 24])
            text += rng.choice(
                ["Z", f"+{offset_hour:02d}:30", f"-{offset_hour:02d}", f"+{offset_hour:02d}00", "z"]
            )
    elif rng.random() < 0.2:
        text += rng.choice(["Z", "+01:00"])
    if rng.random() < 0.02:
        text = rng.choice([" ", "\t"]) + text
    return text


def test_received_at_rule_matches(workspace: DbtWorkspace) -> None:
    rng = random.Random(13)
    cases = CASES // 2
    inputs = pd.DataFrame(
        {"case_number": range(cases), "text": [received_at_text(rng) for _ in range(cases)]}
    )
    sql = compile_sql(
        workspace,
        """
        select
            case_number,
            received_at,
            {{ firstparty_sessions.reject_reason("'e'", 'text', 'received_at') }} as reason
        from (
            select *, {{ firstparty_sessions.parse_received_at('text') }} as received_at
            from inputs
        )
        """,
    )
    sql_rows = run_sql(sql, inputs)

    def python(row: pd.Series) -> list[object]:
        text = row["text"]
        value, reason = parse_received_at(None if pd.isna(text) else text)
        return [pd.Timestamp(value) if reason is None else None, reason]

    def sql_view(frame: pd.DataFrame) -> pd.DataFrame:
        # A rejected row's parsed value is not an output; compare it only for accepted rows.
        frame = frame.copy()
        frame.loc[frame["reason"].notna(), "received_at"] = pd.NaT
        return frame

    assert_same(inputs, sql_view(sql_rows), python, ["received_at", "reason"])
    # Both outcomes, and every reason, are exercised.
    assert sql_rows["reason"].isna().mean() > 0.05
    assert set(sql_rows["reason"].dropna()) == {
        "missing_received_at",
        "unparseable_received_at",
        "received_at_out_of_range",
    }


def payload_text(rng: random.Random) -> str | None:
    kind = rng.randrange(12)
    session_value: object
    document: str | None
    value_kind = rng.randrange(10)
    if value_kind < 4:
        session_value = candidate(rng)
    else:
        session_value = [None, 123, 1.5, True, [candidate(rng)], {"id": candidate(rng)}][
            value_kind - 4
        ]
    body = {
        "event": rng.choice(["page_view", "", 5, None]),
        "profile_id": rng.choice(["pr_1", "", 7, None]),
    }
    if kind < 6:
        document = json.dumps(
            {**body, "session_id": session_value}, ensure_ascii=rng.random() < 0.5
        )
    elif kind == 6:
        document = json.dumps({**body, "context": {"session_id": session_value}})
    elif kind == 7:
        document = json.dumps([{"session_id": session_value}])
    elif kind == 8:
        document = '{"session_id": 1, "session_id": ' + json.dumps(session_value) + "}"
    elif kind == 9:
        document = json.dumps({"session_id": session_value})[:-1] + ",}"
    elif kind == 10:
        document = json.dumps({**body, "session_id": session_value})[: rng.randint(0, 20)]
    else:
        document = rng.choice([None, "", "null", "3", '"x"', "{}", "[]", "'; drop table x; --"])
    return document


def test_payload_reading_matches(workspace: DbtWorkspace) -> None:
    rng = random.Random(17)
    cases = CASES // 2
    inputs = pd.DataFrame(
        {"case_number": range(cases), "payload": [payload_text(rng) for _ in range(cases)]}
    )
    sql = """select case_number,
        {%- set session_text = firstparty_sessions.json_string('payload', 'session_id') %}
        {{ firstparty_sessions.payload_session_status(
            'payload',
            firstparty_sessions.json_kind('payload'),
            firstparty_sessions.json_kind('payload', 'session_id'),
            firstparty_sessions.normalize_session_id(session_text)
        ) }} as status,
        {{ firstparty_sessions.normalize_session_id(session_text) }} as session_id,
        nullif({{ firstparty_sessions.json_string('payload', 'profile_id') }}, '') as profile_id,
        nullif({{ firstparty_sessions.json_string('payload', 'event') }}, '') as event_name
        from inputs"""
    sql_rows = run_sql(compile_sql(workspace, sql), inputs)

    def python(row: pd.Series) -> list[object]:
        payload = row["payload"]
        fields = read_payload(None if pd.isna(payload) else payload)
        return [fields.session_status, fields.session_id, fields.profile_id, fields.event_name]

    assert_same(inputs, sql_rows, python, ["status", "session_id", "profile_id", "event_name"])
    statuses = set(sql_rows["status"])
    assert {
        "valid",
        "malformed",
        "not_a_string",
        "null",
        "absent",
        "not_an_object",
        "invalid_json",
        "no_payload",
    } <= statuses
