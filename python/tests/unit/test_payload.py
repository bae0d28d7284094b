"""Payload reading: every status of the table in docs/rules.md, and the JSON leniencies."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstparty_sessions.payload import (
    MAX_DEPTH,
    InvalidJson,
    PayloadFields,
    parse_json,
    read_payload,
    remove_trailing_commas,
)

from ._helpers import EXAMPLE_ID, UUID_A, UUID_B

UPPER = EXAMPLE_ID.upper()
STATUSES = {
    "no_payload",
    "invalid_json",
    "not_an_object",
    "absent",
    "null",
    "not_a_string",
    "malformed",
    "valid",
}


def status(payload: str | None) -> str:
    return read_payload(payload).session_status


@pytest.mark.parametrize("payload", [None, ""])
def test_no_payload(payload: str | None) -> None:
    assert read_payload(payload) == PayloadFields("no_payload", None, None, None)


@pytest.mark.parametrize(
    "payload",
    [
        " ",
        "\n",
        "not json",
        "{",
        '{"session_id": "' + EXAMPLE_ID + '"',
        "{'session_id': 'x'}",
        '{"a":1}x',
        '{"a":1}{"b":2}',
        '{"a":01}',
        '{"a":+1}',
        '{"a":.5}',
        '{"a":TRUE}',
        '{"a":undefined}',
        '/*c*/{"a":1}',
        "\ufeff{}",  # BOM
        "\x0b{}",  # VT is not JSON white space
        "{}\x0c",
        '{"a":"x\ty"}',  # raw control character inside a string
        '{"a":"\\x41"}',  # invalid escape
        "[,]",
        "{,}",
        "[1,,]",
        '{"a":1,,}',
        '{"a":1,\x0b}',  # VT before the closing brace: not a trailing comma
        '{"a":,}',
        ",",
        '{"a":"\\ud800"}',  # lone high surrogate escape
        '{"a":"\\udc00"}',  # lone low surrogate escape
        '{"a":"\\ud800\\u0041"}',
        '{"a":"\\ud800\\ud800"}',
        '{"\\ud800":1, "session_id":"' + EXAMPLE_ID + '"}',
        '{"session_id":"' + EXAMPLE_ID + '", "a":["\\uDBFF"]}',
        # a dropped duplicate still has to be valid JSON text
        '{"session_id":null,"session_id":"\\ud800"}',
        '{"a":{"k":"x","k":"\\udfff"},"session_id":"' + EXAMPLE_ID + '"}',
        '{"a":"\ud800"}',  # raw lone surrogate: not valid Unicode text
        "\ud800",
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        '{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_invalid_json(payload: str) -> None:
    assert read_payload(payload) == PayloadFields("invalid_json", None, None, None)


@pytest.mark.parametrize(
    "payload",
    [
        "[]",
        "[1,]",
        '[{"session_id": "' + EXAMPLE_ID + '"}]',
        '"' + EXAMPLE_ID + '"',
        "123",
        "-1.5e3",
        "NaN",
        "-Infinity",
        "null",
        "true",
        "false",
        " \t\r\n[]\n",
        "[" * MAX_DEPTH + "]" * MAX_DEPTH,
    ],
)
def test_not_an_object(payload: str) -> None:
    assert read_payload(payload) == PayloadFields("not_an_object", None, None, None)


@pytest.mark.parametrize(
    "payload",
    [
        "{}",
        " { } ",
        '{"event": "page_view"}',
        '{"Session_id": "' + EXAMPLE_ID + '"}',
        '{"session_id ": "' + EXAMPLE_ID + '"}',
        '{"sessionId": "' + EXAMPLE_ID + '"}',
        '{"context": {"session_id": "' + EXAMPLE_ID + '"}}',
        '{"properties": {"session_id": "' + EXAMPLE_ID + '"}, "x": ["session_id"]}',
        '{"a": 1,}',
        '{"a": "' + "x" * 100_000 + '"}',
        '{"a":' * MAX_DEPTH + "1" + "}" * MAX_DEPTH,
    ],
)
def test_absent(payload: str) -> None:
    assert status(payload) == "absent"


@pytest.mark.parametrize(
    "payload", ['{"session_id": null}', '{"session_id":null,"session_id":"' + EXAMPLE_ID + '"}']
)
def test_null(payload: str) -> None:
    assert read_payload(payload).session_status == "null"
    assert read_payload(payload).session_id is None


@pytest.mark.parametrize(
    "value",
    [
        "123",
        "0",
        "-1.5e-3",
        "1e999",
        "1" * 5000,  # beyond Python's int() digit limit: still a JSON number
        "NaN",
        "Infinity",
        "-Infinity",
        "true",
        "false",
        "[]",
        '["' + EXAMPLE_ID + '"]',
        "{}",
        '{"id": "' + EXAMPLE_ID + '"}',
    ],
)
def test_not_a_string(value: str) -> None:
    fields = read_payload('{"session_id": ' + value + ', "event": "e"}')
    assert fields == PayloadFields("not_a_string", None, None, "e")


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        "null",
        "not-a-uuid",
        '\\"' + EXAMPLE_ID + '\\"',  # quotes inside the JSON string are not removed
        "{" + EXAMPLE_ID + "}",
        "urn:uuid:" + EXAMPLE_ID,
        EXAMPLE_ID.replace("-", ""),
        "\\u00a0" + EXAMPLE_ID,  # NO-BREAK SPACE is not trimmed
        EXAMPLE_ID + "\\u2028",
        EXAMPLE_ID + "x",
        "a" * 100_000,
        "\\ud83d\\ude00",  # a proper surrogate pair: valid JSON, not an ID
    ],
)
def test_malformed(value: str) -> None:
    fields = read_payload('{"session_id": "' + value + '"}')
    assert fields == PayloadFields("malformed", None, None, None)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"session_id": "' + EXAMPLE_ID + '"}', EXAMPLE_ID),
        ('{"session_id": "' + UPPER + '"}', EXAMPLE_ID),
        ('{"session_id": " \\t\\n\\r\\u000b\\f' + UPPER + '\\n "}', EXAMPLE_ID),
        ('{"session\\u005fid": "' + EXAMPLE_ID + '"}', EXAMPLE_ID),  # escaped key
        ('{"session_id": "\\u0030' + EXAMPLE_ID[1:] + '"}', EXAMPLE_ID),  # escaped digit
        # duplicate keys: the first occurrence wins
        ('{"session_id": "' + UUID_A + '", "session_id": "' + UUID_B + '"}', UUID_A),
        ('{"session_id": "' + UUID_B + '", "session_id": null}', UUID_B),
        # trailing commas in objects and arrays
        ('{"session_id": "' + EXAMPLE_ID + '",}', EXAMPLE_ID),
        ('{"tags": ["a", "b",], "session_id": "' + EXAMPLE_ID + '" ,\n\t}', EXAMPLE_ID),
        ('{"session_id": "' + EXAMPLE_ID + '", "o": {"a": [1,],},}', EXAMPLE_ID),
        # NaN / Infinity literals elsewhere
        (
            '{"score": NaN, "max": Infinity, "min": -Infinity, "session_id": "' + UUID_A + '"}',
            UUID_A,
        ),
        # a nested session_id never overrides the top-level one
        ('{"context": {"session_id": "' + UUID_B + '"}, "session_id": "' + UUID_A + '"}', UUID_A),
        # huge neighbours, unicode, escapes, surrogate pairs
        ('{"blob": "' + "é" * 100_000 + '", "session_id": "' + EXAMPLE_ID + '"}', EXAMPLE_ID),
        ('{"e": "\\ud83d\\ude00 😀 \\u0000", "session_id": "' + EXAMPLE_ID + '"}', EXAMPLE_ID),
        ('{"s": "a\\\\ud800", "session_id": "' + EXAMPLE_ID + '"}', EXAMPLE_ID),
        ('{"s": ",]", "session_id": "' + EXAMPLE_ID + '",}', EXAMPLE_ID),
        ('\n\r\t {"session_id":"' + EXAMPLE_ID + '"} \n', EXAMPLE_ID),
    ],
)
def test_valid(payload: str, expected: str) -> None:
    fields = read_payload(payload)
    assert fields.session_status == "valid"
    assert fields.session_id == expected


def test_duplicate_key_first_invalid_then_valid_is_malformed() -> None:
    payload = '{"session_id": "nope", "session_id": "' + EXAMPLE_ID + '"}'
    assert status(payload) == "malformed"


@pytest.mark.parametrize(
    ("payload", "profile_id", "event_name"),
    [
        ('{"profile_id": "p1", "event": "page_view"}', "p1", "page_view"),
        ('{"profile_id": " p1 ", "event": "\\tclick"}', " p1 ", "\tclick"),  # not trimmed
        ('{"profile_id": "", "event": ""}', None, None),
        ('{"profile_id": 123, "event": true}', None, None),
        ('{"profile_id": null, "event": ["x"]}', None, None),
        ('{"profile_id": {"id": "p"}, "event": 1.5}', None, None),
        ('{"profile_id": "a", "profile_id": "b", "event": "x", "event": "y"}', "a", "x"),
        ('{"profile_id": "é😀", "event": "注文",}', "é😀", "注文"),
        ('{"context": {"profile_id": "p", "event": "e"}}', None, None),
        ('[{"profile_id": "p", "event": "e"}]', None, None),
        ('{"profile_id": "p", "event": "e"', None, None),
    ],
)
def test_profile_and_event(payload: str, profile_id: str | None, event_name: str | None) -> None:
    fields = read_payload(payload)
    assert (fields.profile_id, fields.event_name) == (profile_id, event_name)


def test_profile_is_read_whatever_the_session_status() -> None:
    fields = read_payload('{"profile_id": "p", "session_id": 5}')
    assert fields == PayloadFields("not_a_string", None, "p", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a":1,}', '{"a":1}'),
        ("[1, 2 ,\n]", "[1, 2 \n]"),
        ('{"a":[1,],"b":{"c":2,},}', '{"a":[1],"b":{"c":2}}'),
        ('{"a":",}", "b":",]",}', '{"a":",}", "b":",]"}'),  # commas inside strings untouched
        ('{"a":"\\",}",}', '{"a":"\\",}"}'),  # escaped quote inside a string
        ("[,]", "[,]"),
        ("{,}", "{,}"),
        ("[1,,]", "[1,,]"),  # the second comma follows a comma, not a value
        ("[1,\x0b]", "[1,\x0b]"),
    ],
)
def test_remove_trailing_commas(text: str, expected: str) -> None:
    assert remove_trailing_commas(text) == expected


def test_parse_json_first_key_wins_and_numbers_are_opaque() -> None:
    value = parse_json('{"k": "first", "k": "second", "n": 12345678901234567890123}')
    assert value["k"] == "first"
    assert not isinstance(value["n"], str)
    with pytest.raises(InvalidJson):
        parse_json("{")


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    fields = read_payload(text)
    assert fields.session_status in STATUSES
    assert (fields.session_id is not None) == (fields.session_status == "valid")


@settings(max_examples=30)
@given(st.text(min_size=1, max_size=50), st.integers(min_value=1_000, max_value=100_000))
def test_never_raises_on_large_text(unit: str, repeat: int) -> None:
    text = (unit * repeat)[:100_000]
    assert read_payload(text).session_status in STATUSES
    assert read_payload('{"x": ' + json.dumps(text) + "}").session_status in STATUSES


def test_hostile_inputs_do_not_crash() -> None:
    hostile = [
        "\x00",
        "{\x00}",
        '{"session_id": "\x00"}',
        "\ud800\udc00",
        '{"a": "' + "\\" * 100_001 + '"}',
        '"' * 100_000,
        "{" * 100_000,
        '{"a":' * 50_000,
        "[" * 50_000 + "," + "]" * 50_000,
        "1" * 100_000,
        "-" + "9" * 100_000,
        "[" + "1," * 50_000 + "]",
    ]
    for text in hostile:
        assert read_payload(text).session_status in STATUSES


def test_type_error_for_non_text() -> None:
    with pytest.raises(TypeError):
        read_payload(b"{}")  # type: ignore[arg-type]
