"""Reading the JSON payload (docs/rules.md, "The payload").

The payload is read as DuckDB's JSON reader reads it: RFC 8259 plus trailing commas in
objects and arrays and the literals ``NaN``, ``Infinity`` and ``-Infinity``. Duplicate keys:
the first occurrence wins. A ``\\uXXXX`` escape that leaves an unpaired UTF-16 surrogate makes
the text invalid (DuckDB rejects it), and so does a raw surrogate code point (such text has no
UTF-8 form). Only top-level keys are read: ``session_id``, ``profile_id`` and ``event``.

Known limit: nesting deeper than :data:`MAX_DEPTH` (500) levels of arrays/objects is reported
as ``invalid_json`` although DuckDB accepts it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from firstparty_sessions.validation import normalize_session_id

__all__ = [
    "MAX_DEPTH",
    "InvalidJson",
    "PayloadFields",
    "PayloadStatus",
    "parse_json",
    "read_payload",
    "remove_trailing_commas",
]

PayloadStatus = Literal[
    "no_payload",
    "invalid_json",
    "not_an_object",
    "absent",
    "null",
    "not_a_string",
    "malformed",
    "valid",
]


@dataclass(frozen=True, slots=True)
class PayloadFields:
    """What the resolver needs from one payload.

    ``session_status`` is the format-level status (``unknown`` only arises in the resolver's
    strict mode). ``session_id`` is the normalised ID, present only when the status is
    ``valid``. ``profile_id`` and ``event_name`` are the top-level ``profile_id`` and
    ``event`` values when they are non-empty JSON strings (untrimmed), else ``None``.
    """

    session_status: PayloadStatus
    session_id: str | None
    profile_id: str | None
    event_name: str | None


class InvalidJson(ValueError):
    """The text is not JSON as the rules define it."""


class _JsonNumber:
    """Stands for any JSON number (including NaN/Infinity): its value is never needed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<json number>"


_NUMBER: Final = _JsonNumber()

#: Deepest nesting of arrays/objects accepted. Deeper text is ``invalid_json`` here (a known
#: limit: DuckDB has none). A fixed limit keeps the answer independent of the caller's stack
#: depth; Python's own recursion limit would otherwise decide, at about 1000 levels.
MAX_DEPTH: Final = 500


def _number(_text: str) -> _JsonNumber:
    # Never convert: int() of a huge literal raises ValueError (int_max_str_digits) in Python
    # while the literal is valid JSON.
    return _NUMBER


def _first_key_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # dict() keeps the last assignment, so feeding the pairs in reverse keeps the first one.
    return dict(reversed(pairs))


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_first_key_wins,
    parse_float=_number,
    parse_int=_number,
    parse_constant=_number,
    strict=True,
)

# Same grammar, but objects keep every (key, value) pair: used to inspect all strings.
_ALL_PAIRS_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=list,
    parse_float=_number,
    parse_int=_number,
    parse_constant=_number,
    strict=True,
)

# A comma that may be trailing: followed only by JSON white space and a closing bracket.
_TRAILING_COMMA_HINT: Final = re.compile(r",[ \t\n\r]*[}\]]")
# Tokens for the string-aware pass: a string literal (possibly unterminated), a comma, a run
# of JSON white space, or a run of anything else.
_TOKEN: Final = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"?|,|[ \t\n\r]+|[^" \t\n\r,]+',
    re.DOTALL,
)
_JSON_WS: Final = frozenset(" \t\n\r")
# An escape that might be half of a surrogate pair, or a raw surrogate code point.
_SURROGATE_HINT: Final = re.compile(r"\\u[dD][89abcdefABCDEF]|[\ud800-\udfff]")
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")


def remove_trailing_commas(text: str) -> str:
    """Remove every trailing comma outside string literals.

    A comma is trailing when it is followed only by JSON white space (space, TAB, LF, CR)
    and then ``}`` or ``]``, and it follows a value (the previous significant character is
    not ``[``, ``{`` or ``,``: ``[,]`` stays invalid, as in DuckDB).
    """
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    previous = ""  # last character of the last significant token
    count = len(tokens)
    for index, token in enumerate(tokens):
        if token == ",":
            following = index + 1
            while following < count and tokens[following][0] in _JSON_WS:
                following += 1
            is_trailing = (
                following < count
                and tokens[following][0] in "}]"
                and previous != ""
                and previous not in "[{,"
            )
            previous = ","
            if is_trailing:
                continue
        elif token[0] not in _JSON_WS:
            previous = token[-1]
        out.append(token)
    return "".join(out)


def _has_surrogate(value: Any) -> bool:
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth + 1 > limit:
                return True
            stack.extend((child, depth + 1) for child in item)
    return False


def parse_json(text: str) -> Any:
    """Parse ``text`` under the payload JSON rules; raise :class:`InvalidJson` if it is not JSON.

    Numbers are returned as an opaque marker (their value is never used). Objects are dicts in
    which the first occurrence of a duplicated key wins.
    """
    parsed_text = text
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError) as strict_error:
        if not _TRAILING_COMMA_HINT.search(text):
            raise InvalidJson(str(strict_error)) from None
        parsed_text = remove_trailing_commas(text)
        try:
            value = _DECODER.decode(parsed_text)
        except (ValueError, RecursionError) as lenient_error:
            raise InvalidJson(str(lenient_error)) from None
    # Every string counts, including values of duplicate keys that the first-wins rule drops:
    # when a surrogate is possible at all, decode again keeping all pairs.
    if (
        not (text.isascii() and "\\u" not in text)
        and _SURROGATE_HINT.search(text)
        and _has_surrogate(_ALL_PAIRS_DECODER.decode(parsed_text))
    ):
        raise InvalidJson("unpaired UTF-16 surrogate in a string")
    # Cheap C-level count first: a text with fewer brackets cannot nest deeper than that.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth_exceeds(value, MAX_DEPTH):
        raise InvalidJson(f"nested deeper than {MAX_DEPTH} levels")
    return value


def _text_field(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, str) and value != "":
        return value
    return None


_NO_PAYLOAD: Final = PayloadFields("no_payload", None, None, None)
_INVALID_JSON: Final = PayloadFields("invalid_json", None, None, None)
_NOT_AN_OBJECT: Final = PayloadFields("not_an_object", None, None, None)


def read_payload(payload: str | None) -> PayloadFields:
    """Read the session candidate, profile and event name from a raw payload.

    Never raises for a ``str`` (or ``None``) argument, whatever its content.

    >>> read_payload('{"session_id": " 01A196FB-167B-8FC8-825D-604E7D01A261 ", "event": "x"}')
    PayloadFields(session_status='valid', session_id='01a196fb-167b-8fc8-825d-604e7d01a261', \
profile_id=None, event_name='x')
    >>> read_payload('{"session_id": 123}').session_status
    'not_a_string'
    """
    if payload is None or payload == "":
        return _NO_PAYLOAD
    if not isinstance(payload, str):
        raise TypeError(f"payload must be str or None, not {type(payload).__name__}")
    try:
        value = parse_json(payload)
    except InvalidJson:
        return _INVALID_JSON
    if not isinstance(value, dict):
        return _NOT_AN_OBJECT
    profile_id = _text_field(value, "profile_id")
    event_name = _text_field(value, "event")
    status: PayloadStatus
    session_id: str | None = None
    if "session_id" not in value:
        status = "absent"
    else:
        candidate = value["session_id"]
        if candidate is None:
            status = "null"
        elif not isinstance(candidate, str):
            status = "not_a_string"
        else:
            session_id = normalize_session_id(candidate)
            status = "malformed" if session_id is None else "valid"
    return PayloadFields(status, session_id, profile_id, event_name)
