"""Differential check: the payload reader agrees with DuckDB's JSON reader.

docs/rules.md says the payload is read "as DuckDB's JSON reader reads it". This compares
:func:`read_payload` with DuckDB's own JSON functions on generated JSON-like text (within the
contract: no ``nan``/``inf`` spellings, no nesting past the documented limit). Skipped when
duckdb is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstparty_sessions.payload import read_payload
from firstparty_sessions.validation import normalize_session_id

from ._helpers import EXAMPLE_ID

duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def connection() -> Iterator[Any]:
    con = duckdb.connect()
    yield con
    con.close()


def duckdb_fields(con: Any, text: str) -> tuple[str, str | None, str | None, str | None]:
    """(status, session id, profile id, event name) computed with DuckDB's JSON functions."""
    if text == "":
        return ("no_payload", None, None, None)
    if not con.execute("select json_valid(?)", [text]).fetchone()[0]:
        return ("invalid_json", None, None, None)
    if con.execute("select json_type(?)", [text]).fetchone()[0] != "OBJECT":
        return ("not_an_object", None, None, None)
    row = con.execute(
        """
        select json_type(?, '$.session_id'), ? ->> '$.session_id',
               json_type(?, '$.profile_id'), ? ->> '$.profile_id',
               json_type(?, '$.event'), ? ->> '$.event'
        """,
        [text] * 6,
    ).fetchone()
    sid_type, sid, profile_type, profile, event_type, event = row
    profile_id = profile if profile_type == "VARCHAR" and profile != "" else None
    event_name = event if event_type == "VARCHAR" and event != "" else None
    if sid_type is None:
        return ("absent", None, profile_id, event_name)
    if sid_type == "NULL":
        return ("null", None, profile_id, event_name)
    if sid_type != "VARCHAR":
        return ("not_a_string", None, profile_id, event_name)
    session_id = normalize_session_id(sid)
    status = "malformed" if session_id is None else "valid"
    return (status, session_id, profile_id, event_name)


STRING_PIECES = [
    "a",
    "é",
    "注",
    "😀",
    " ",
    "\\n",
    "\\t",
    '\\"',
    "\\\\",
    "\\/",
    "\\u00e9",
    "\\u0000",
    "\\ud83d\\ude00",
    "\\ud800",
    "\\udc00",
    "\\uD800\\uDC00",
    "\t",  # raw control character: invalid
    ",]",
    EXAMPLE_ID,
    EXAMPLE_ID.upper(),
    " " + EXAMPLE_ID + " ",
    "\\u00a0" + EXAMPLE_ID,
]
KEYS = ["session_id", "profile_id", "event", "a", "session\\u005fid", "Session_id", "context"]
SCALARS = ["null", "true", "false", "0", "-12", "3.5e2", "1e999", "NaN", "Infinity", "-Infinity"]
WS = st.sampled_from(["", " ", "\n", "\t", "\r\n  "])


def strings() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(STRING_PIECES), max_size=4).map(
        lambda parts: '"' + "".join(parts) + '"'
    )


def values() -> st.SearchStrategy[str]:
    leaves = st.one_of(st.sampled_from(SCALARS), strings())

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        arrays = st.tuples(st.lists(children, max_size=3), st.booleans(), WS).map(
            lambda t: "[" + ",".join(t[0]) + ("," + t[2] if t[1] and t[0] else t[2]) + "]"
        )
        members = st.tuples(st.sampled_from(KEYS), WS, children).map(
            lambda t: '"' + t[0] + '"' + t[1] + ":" + t[1] + t[2]
        )
        objects = st.tuples(st.lists(members, max_size=4), st.booleans(), WS).map(
            lambda t: "{" + ",".join(t[0]) + ("," + t[2] if t[1] and t[0] else t[2]) + "}"
        )
        return st.one_of(arrays, objects)

    return st.recursive(leaves, extend, max_leaves=8)


@st.composite
def payload_texts(draw: st.DrawFn) -> str:
    text = draw(st.tuples(WS, values(), WS).map("".join))
    # sometimes damage it: delete or insert one structural character
    if draw(st.integers(min_value=0, max_value=3)) == 0 and text:
        position = draw(st.integers(min_value=0, max_value=len(text) - 1))
        if draw(st.booleans()):
            text = text[:position] + text[position + 1 :]
        else:
            text = text[:position] + draw(st.sampled_from(list(',[]{}:" '))) + text[position:]
    return text


@settings(max_examples=400)
@given(payload_texts())
def test_agrees_with_duckdb(connection: Any, text: str) -> None:
    fields = read_payload(text)
    ours = (fields.session_status, fields.session_id, fields.profile_id, fields.event_name)
    assert ours == duckdb_fields(connection, text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a":1,}',
        "[1,]",
        "[,]",
        "{,}",
        "[1,,]",
        '{"a":1,\x0b}',
        '{"session_id":"' + EXAMPLE_ID + '","session_id":"x"}',
        '{"session_id":"x","session_id":"' + EXAMPLE_ID + '"}',
        '{"a":"\\ud800"}',
        '{"a":"\\ud800\\u0041"}',
        '{"a":NaN,"session_id":5}',
        "\ufeff{}",
        '{"a":"x\ty"}',
        " ",
        "[" * 200 + "]" * 200,
    ],
)
def test_documented_leniencies_match_duckdb(connection: Any, text: str) -> None:
    fields = read_payload(text)
    ours = (fields.session_status, fields.session_id, fields.profile_id, fields.event_name)
    assert ours == duckdb_fields(connection, text)
