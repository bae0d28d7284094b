"""Deterministic, realistic raw event rows for tests and benchmarks.

:func:`generate_raw_events` returns exactly ``n_events`` raw rows (all columns text, nulls as
``None``) mixing what a collector really receives:

* browser visits (``javascript`` source): the first event carries neither a ``session_id``
  nor an ``fsid`` cookie; later events carry ``fsid=<minted ID of the first event>`` inside a
  ``Cookie`` header among other (private) cookies, sometimes also the ID in the payload;
* ``http`` source events that join a visit through the payload ``session_id``, or carry none;
* returning visitors (one profile, several visits) and anonymous ones;
* re-deliveries of the same ``event_id``: later, identical, or EARLIER ``received_at``;
* malformed payloads and IDs, cookie oddities, payload/cookie conflicts, payload IDs of
  sessions that do not exist, millisecond-boundary times, unicode event ids;
* about 1% rejects: missing ``event_id``, missing/garbage/pre-1970 ``received_at``.

Everything stays inside the contract: no ``nan``/``inf`` literals, no lone surrogates, no
deep nesting. The same ``(n_events, seed)`` always gives the same rows.

Scale: rows are made in independent blocks of at most :data:`BLOCK_EVENTS` events (a
visit, its re-deliveries and the arrival shuffle stay inside a block; event ids are unique
across blocks), each block vectorised with numpy and Arrow compute, so 10 million events
take about a minute on two cores and memory is bounded by one block.
:func:`iter_raw_event_tables` yields the blocks as Arrow tables and
:func:`write_generated_events` streams them to a CSV (optionally gzipped), Parquet (one row
group per block) or NDJSON file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from firstparty_sessions import ids
from firstparty_sessions._ascii import dash_join, hex_chars
from firstparty_sessions.schema import RAW_COLUMNS, raw_format

__all__ = [
    "BLOCK_EVENTS",
    "RAW_COLUMNS",
    "generate_raw_events",
    "iter_raw_event_tables",
    "write_generated_events",
]

#: The most events generated (and held in memory) at once.
BLOCK_EVENTS: Final = 500_000

_START_US: Final = 1_767_225_600_000_000  # 2026-01-01 00:00:00 UTC
_SPAN_US: Final = 330 * 86_400_000_000
_EVENT_NAMES: Final = (
    "page_view",
    "page_view",
    "page_view",
    "click",
    "scroll",
    "add_to_cart",
    "checkout",
    "purchase",
    "sign_up",
    "search",
    "vidéo_lancée",
    "注文",
)
_JS_SOURCES: Final = ("src_js_web", "src_js_shop")
_HTTP_SOURCES: Final = ("src_http_api", "src_http_backend")

# Payload variants, by share of base events (the rest are normal payloads).
_PAYLOAD_KINDS: Final = (
    ("not_json", 0.006),
    ("array", 0.004),
    ("number", 0.004),
    ("null", 0.004),
    ("empty_id", 0.004),
    ("upper", 0.006),
    ("spaces", 0.005),
    ("nbsp", 0.003),
    ("quoted", 0.003),
    ("braces", 0.003),
    ("duplicate", 0.004),
    ("trailing_comma", 0.004),
    ("nested_only", 0.004),
    ("nan", 0.003),
    ("no_payload", 0.003),
    ("empty_payload", 0.002),
    ("scalar", 0.002),
    ("unknown_id", 0.008),
    ("conflict", 0.006),
)
# Cookie variants, applied where a request would carry a cookie header.
_COOKIE_KINDS: Final = (
    ("upper_name", 0.005),
    ("xfsid", 0.004),
    ("fsid_old", 0.004),
    ("quoted", 0.006),
    ("first_invalid", 0.006),
    ("empty", 0.003),
    ("spaces", 0.004),
    ("quoted_space", 0.002),
    ("no_equals", 0.004),
    ("upper_value", 0.004),
)
_REJECT_KINDS: Final = (
    "null_event_id",
    "empty_event_id",
    "blank_event_id",
    "null_received_at",
    "empty_received_at",
    "garbage_received_at",
    "pre_1970",
)
_GARBAGE_TIMES: Final = (
    "not a date",
    "2026-13-01 00:00:00",
    "2026-02-30 10:00:00",
    "31/12/2026 10:00",
    "2026-11-01 24:00:00",
    "2026-11-01T12:00:00+25:00",
    "0000-01-01 00:00:00",
    "yesterday",
)
_PRE_1970: Final = ("1969-12-31 23:59:59.999999", "1900-01-01 00:00:00", "1969-07-20 20:17:40")
_PAYLOAD_KIND_NAMES: Final = tuple(name for name, _ in _PAYLOAD_KINDS)
_STRING: Final = pa.string()

# A piece of a string expression: an Arrow string array (one value per row) or a constant.
Piece: TypeAlias = "pa.Array | str"


def _cat(*pieces: Piece) -> pa.Array:
    """Element-wise concatenation of string arrays and constants."""
    return pc.binary_join_element_wise(*pieces, "")


def _text(values: np.ndarray) -> pa.Array:
    """Integers as decimal text."""
    return pa.array(values).cast(_STRING)


def _fixed_width(chars: np.ndarray) -> pa.Array:
    """An (n, width) array of ASCII byte codes as an Arrow string array, without copying."""
    n, width = chars.shape
    data = np.ascontiguousarray(chars, dtype=np.uint8)
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def _hex(values: np.ndarray, width: int) -> pa.Array:
    return _fixed_width(hex_chars(values, width))


def _mint_visits(event_ids: list[str], millis: np.ndarray) -> pa.Array:
    """The minted session IDs (``ids.minted_id_chars``) as an Arrow string array."""
    return _fixed_width(ids.minted_id_chars(event_ids, millis))


def _random_uuids(rng: np.random.Generator, n: int) -> pa.Array:
    """Random version-4 style UUID text (IDs of sessions that do not exist)."""
    raw = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    h = np.concatenate([hex_chars(raw[:, 0], 16), hex_chars(raw[:, 1], 16)], axis=1)
    h[:, 12] = ord("4")
    h[:, 16] = ord("a")
    return _fixed_width(dash_join(h, (8, 4, 4, 4, 12)))


def _times_text(micros: np.ndarray) -> pa.Array:
    """Microseconds since 1970 as ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    text = np.datetime_as_string(micros.astype("datetime64[us]"), unit="us")
    chars = text.astype("S26").view(np.uint8).reshape(-1, 26).copy()
    chars[:, 10] = ord(" ")
    return _fixed_width(chars)


def _kinds(rng: np.random.Generator, n: int, table: tuple[tuple[str, float], ...]) -> np.ndarray:
    """Pick a kind per row: index into ``table``, or ``len(table)`` for normal."""
    edges = np.cumsum([share for _, share in table])
    picks: np.ndarray = np.searchsorted(edges, rng.random(n), side="right")
    return picks


def _scatter(n: int, parts: list[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """Assemble one array of ``n`` rows from (row indices, values) parts covering every row."""
    if not parts:
        return pa.array([], type=_STRING)
    rows = np.concatenate([index for index, _ in parts])
    values = pa.concat_arrays([value.cast(_STRING) for _, value in parts])
    order = np.empty(n, dtype=np.int64)
    order[rows] = np.arange(len(rows), dtype=np.int64)
    return values.take(pa.array(order))


Columns: TypeAlias = dict[str, pa.Array]


@dataclass(frozen=True)
class _Visits:
    """The visits (browser sessions) of one block and which visit each base event is in."""

    count: int
    of_event: np.ndarray  # visit index of each base event
    start: np.ndarray  # index of each visit's first event
    position: np.ndarray  # position of each event inside its visit (0 = first)
    profile: np.ndarray  # profile number of each visit
    anonymous: np.ndarray  # visits whose events carry no profile id
    js_source: np.ndarray  # index into _JS_SOURCES of each visit


def _draw_visits(n_base: int, rng: np.random.Generator) -> _Visits:
    """Cut the base events into visits (geometric lengths, mean 4) and give each visit a
    profile (about two visits per profile; 10% anonymous) and a browser Source."""
    lengths_pool = rng.geometric(0.25, size=n_base + 1)
    ends = np.cumsum(lengths_pool)
    n_visits = int(np.searchsorted(ends, n_base, side="left")) + 1 if n_base else 0
    lengths = lengths_pool[:n_visits].copy()
    if n_visits:
        lengths[-1] -= int(ends[n_visits - 1]) - n_base
    visit_of = np.repeat(np.arange(n_visits), lengths)
    visit_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))[:n_visits].astype(np.int64)
    position = np.arange(n_base) - visit_start[visit_of] if n_base else np.zeros(0, np.int64)
    n_profiles = max(1, (n_visits * 2) // 3)
    return _Visits(
        count=n_visits,
        of_event=visit_of,
        start=visit_start,
        position=position,
        profile=rng.integers(0, n_profiles, size=n_visits),
        anonymous=rng.random(n_visits) < 0.1,
        js_source=rng.integers(0, len(_JS_SOURCES), size=n_visits),
    )


def _draw_times(visits: _Visits, n_base: int, rng: np.random.Generator) -> np.ndarray:
    """Each base event's ``received_at`` in microseconds: a visit starts anywhere in the
    span, its events follow at exponential gaps (1% ties); some times sit on millisecond and
    second boundaries."""
    visit_of, visit_start = visits.of_event, visits.start
    starts = _START_US + rng.integers(0, _SPAN_US, size=visits.count, dtype=np.int64)
    gaps = rng.exponential(30_000_000, size=n_base).astype(np.int64)
    same_time = rng.random(n_base) < 0.01  # ties: first event by event_id
    gaps[same_time] = 0
    gaps[visits.position == 0] = 0
    running = np.cumsum(gaps)
    times = starts[visit_of] + running - running[visit_start[visit_of]] if n_base else gaps
    boundary = rng.random(n_base)
    # Millisecond boundaries: .xxx999 stays in its millisecond, .xxx000 starts one.
    times = np.where(boundary < 0.02, times - times % 1000 + 999, times)
    times = np.where((boundary >= 0.02) & (boundary < 0.04), times - times % 1000, times)
    times = np.where(
        (boundary >= 0.04) & (boundary < 0.045), times - times % 1_000_000 + 999_999, times
    )
    result: np.ndarray = times
    return result


def _draw_event_ids(n_base: int, rng: np.random.Generator, seed: int, first_index: int) -> pa.Array:
    """Unique event ids, numbered from ``first_index``: mostly ``ev_<hex>``, a few unicode
    ones and a few with surrounding spaces (kept as sent)."""
    number = np.arange(first_index, first_index + n_base, dtype=np.uint64)
    scrambled = (number * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(seed & 0xFFFFFFFF)
    id_style = rng.random(n_base)
    plain_hex = _hex(scrambled, 16)
    index_text = _text(number)
    return pc.case_when(
        pc.make_struct(
            pa.array(id_style < 0.003),
            pa.array(id_style < 0.005),
            pa.array(id_style < 0.006),
            pa.array(id_style < 0.007),
        ),
        _cat("évènement-", index_text),
        _cat("ev_日本_", index_text),
        _cat("ev_\U0001f600_", index_text),
        _cat(" ev_", plain_hex, " "),  # kept as sent, not trimmed
        _cat("ev_", plain_hex),
    )


@dataclass(frozen=True)
class _Choices:
    """The random choices made for each base event (one value per event)."""

    is_http: np.ndarray  # sent by a server (never a visit's first event)
    other_type: np.ndarray  # source_type 'ios' instead of 'javascript'
    http_source: np.ndarray  # index into _HTTP_SOURCES
    js_payload_sid: np.ndarray  # a browser event also puts the ID in its payload
    http_payload_sid: np.ndarray  # a server event puts the ID in its payload
    http_has_cookie: np.ndarray  # a server event forwards the Cookie header
    first_has_cookie: np.ndarray  # a first event sends (other) cookies
    payload_kind: np.ndarray  # index into _PAYLOAD_KINDS, or len(_PAYLOAD_KINDS): normal
    cookie_kind: np.ndarray  # index into _COOKIE_KINDS, or len(_COOKIE_KINDS): normal
    event_name: np.ndarray  # index into _EVENT_NAMES
    noise: np.ndarray  # (n, 3) integers for paths, cookie values...
    cookie_order: np.ndarray  # where the fsid cookie goes among the others (0..3)
    unknown_ids: pa.Array  # session IDs that do not exist, one per 'unknown_id' payload
    conflict_visit: np.ndarray  # the other visit a 'conflict'/'duplicate' payload names


def _draw_choices(n_base: int, visits: _Visits, rng: np.random.Generator) -> _Choices:
    """Draw every per-event choice (in a fixed order: the seed decides everything)."""
    is_http = (rng.random(n_base) < 0.2) & (visits.position > 0)
    other_type = rng.random(n_base) < 0.002
    http_source = rng.integers(0, len(_HTTP_SOURCES), size=n_base)
    js_payload_sid = rng.random(n_base) < 0.25
    http_payload_sid = rng.random(n_base) < 0.65
    http_has_cookie = rng.random(n_base) < 0.3
    first_has_cookie = rng.random(n_base) < 0.5
    payload_kind = _kinds(rng, n_base, _PAYLOAD_KINDS)
    cookie_kind = _kinds(rng, n_base, _COOKIE_KINDS)
    event_name = rng.integers(0, len(_EVENT_NAMES), size=n_base)
    noise = rng.integers(0, 2**31, size=(n_base, 3))
    cookie_order = rng.integers(0, 4, size=n_base)
    n_unknown = int((payload_kind == _PAYLOAD_KIND_NAMES.index("unknown_id")).sum())
    unknown_ids = _random_uuids(rng, n_unknown)
    conflict_visit = rng.integers(0, max(visits.count, 1), size=n_base)
    return _Choices(
        is_http=is_http,
        other_type=other_type,
        http_source=http_source,
        js_payload_sid=js_payload_sid,
        http_payload_sid=http_payload_sid,
        http_has_cookie=http_has_cookie,
        first_has_cookie=first_has_cookie,
        payload_kind=payload_kind,
        cookie_kind=cookie_kind,
        event_name=event_name,
        noise=noise,
        cookie_order=cookie_order,
        unknown_ids=unknown_ids,
        conflict_visit=conflict_visit,
    )


def _sources(visits: _Visits, choices: _Choices) -> tuple[pa.Array, pa.Array]:
    """``source_id`` and ``source_type``: the visit's browser Source, or a server Source."""
    js_source = np.asarray(_JS_SOURCES, dtype=object)[visits.js_source[visits.of_event]]
    http_source_name = np.asarray(_HTTP_SOURCES, dtype=object)[choices.http_source]
    source_ids = pa.array(np.where(choices.is_http, http_source_name, js_source), type=_STRING)
    source_types = pa.array(
        np.where(choices.is_http, "http", np.where(choices.other_type, "ios", "javascript")),
        type=_STRING,
    )
    return source_ids, source_types


@dataclass(frozen=True)
class _PayloadParts:
    """Per-event pieces the payloads are made of (one value per base event)."""

    name_json: pa.Array  # the event name as a JSON string
    profile_json: pa.Array  # '"prof_0000042"' or 'null'
    props: pa.Array  # '"properties": {...}'
    sid: pa.Array  # the visit's session ID
    other_sid: pa.Array  # another visit's session ID
    carries: np.ndarray  # a normal payload carries the session ID
    a: np.ndarray  # noise


def _payload_parts(
    visits: _Visits, choices: _Choices, visit_sid: pa.Array, sid: pa.Array
) -> _PayloadParts:
    """The pieces of :class:`_PayloadParts` for every base event."""
    a, b = choices.noise[:, 0], choices.noise[:, 1]
    profile_text = pc.utf8_lpad(_text(visits.profile), 7, "0")
    profile_json = pc.if_else(
        pa.array(visits.anonymous), "null", _cat('"prof_', profile_text, '"')
    ).take(pa.array(visits.of_event))
    first = visits.position == 0
    sid_choice = np.where(choices.is_http, choices.http_payload_sid, choices.js_payload_sid)
    return _PayloadParts(
        name_json=pa.array([_jstr(name) for name in _EVENT_NAMES]).take(
            pa.array(choices.event_name)
        ),
        profile_json=profile_json,
        props=_cat('"properties": {"path": "/p/', _text(a % 500), '", "n": ', _text(b % 100), "}"),
        sid=sid,
        other_sid=visit_sid.take(pa.array(choices.conflict_visit)) if visits.count else sid,
        carries=~first & sid_choice,
        a=a,
    )


def _payloads_of_kind(
    kind: str, rows: np.ndarray, parts: _PayloadParts, unknown_ids: pa.Array
) -> pa.Array:
    """The payload text of the base events ``rows``, all of payload kind ``kind``."""
    take = pa.array(rows)
    name = parts.name_json.take(take)
    row_sid = parts.sid.take(take)
    props = parts.props.take(take)
    head = _cat('{"event": ', name, ', "profile_id": ', parts.profile_json.take(take), ", ")
    odd = pa.array(parts.a[rows] % 2 == 1)

    def with_id(value: Piece) -> pa.Array:
        return _cat(head, '"session_id": ', value, ", ", props, "}")

    if kind == "normal":
        sid_part = pc.if_else(
            pa.array(parts.carries[rows]), _cat('"session_id": "', row_sid, '", '), ""
        )
        return _cat(head, sid_part, props, "}")
    if kind == "not_json":
        return pc.if_else(
            odd,
            _cat(head, '"session_id": "', row_sid, '"'),
            _cat("event=page_view&session_id=", row_sid),
        )
    if kind == "array":
        return _cat('[{"event": ', name, ', "session_id": "', row_sid, '"}]')
    if kind == "number":
        return with_id(_text(parts.a[rows]))
    if kind == "null":
        return with_id("null")
    if kind == "empty_id":
        return with_id('""')
    if kind == "upper":
        return with_id(_cat('"', pc.utf8_upper(row_sid), '"'))
    if kind == "spaces":
        return with_id(_cat('" \\t', row_sid, '\\n "'))
    if kind == "nbsp":
        return with_id(_cat('"\\u00a0', row_sid, '"'))
    if kind == "quoted":
        return with_id(_cat('"\\"', row_sid, '\\""'))
    if kind == "braces":
        form = pc.if_else(odd, _cat("{", row_sid, "}"), _cat("urn:uuid:", row_sid))
        return with_id(_cat('"', form, '"'))
    if kind == "duplicate":
        other = parts.other_sid.take(take)
        return with_id(_cat('"', row_sid, '", "session_id": "', other, '"'))
    if kind == "trailing_comma":
        return _cat(head, '"session_id": "', row_sid, '", "tags": ["a", "b",], ', props, ",}")
    if kind == "nested_only":
        return _cat(head, props, ', "context": {"session_id": "', row_sid, '"}}')
    if kind == "nan":
        return _cat(head, '"session_id": "', row_sid, '", "score": NaN, "max": Infinity}')
    if kind == "no_payload":
        return pa.nulls(len(rows), type=_STRING)
    if kind == "empty_payload":
        return pa.array([""] * len(rows), type=_STRING)
    if kind == "scalar":
        return pc.if_else(odd, _cat('"', row_sid, '"'), _text(parts.a[rows]))
    if kind == "unknown_id":
        return with_id(_cat('"', unknown_ids, '"'))
    # conflict: the payload names another visit's session
    return with_id(_cat('"', parts.other_sid.take(take), '"'))


def _payloads(n_base: int, choices: _Choices, parts: _PayloadParts) -> pa.Array:
    """Every base event's payload, built kind by kind on the rows of that kind."""
    payload_parts: list[tuple[np.ndarray, pa.Array]] = []
    for kind_index, kind in enumerate([*_PAYLOAD_KIND_NAMES, "normal"]):
        rows = np.flatnonzero(choices.payload_kind == kind_index)
        if len(rows):
            values = _payloads_of_kind(kind, rows, parts, choices.unknown_ids)
            payload_parts.append((rows, values))
    return _scatter(n_base, payload_parts)


# The fsid cookie of each cookie kind (in _COOKIE_KINDS order, then normal): text before and
# after the session ID ('empty' and 'upper_value' are made separately).
_FSID_FORMS: Final = (
    ("FSID=", ""),
    ("xfsid=", ""),
    ("fsid_old=", ""),
    ('fsid="', '"'),
    ("fsid=deleted; fsid=", ""),
    ("", ""),  # empty: "fsid="
    (" fsid = ", " "),
    ('fsid=" ', '"'),
    ("httponly; fsid=", ""),
    ("", ""),  # upper_value
    ("fsid=", ""),  # normal
)


def _fsid_cookies(
    with_fsid: np.ndarray, cookie_kind: np.ndarray, sid: pa.Array
) -> list[tuple[np.ndarray, pa.Array]]:
    """The ``fsid`` cookie (or its decoy) of the events ``with_fsid``, kind by kind, as
    (rows, values) parts."""
    fsid_parts: list[tuple[np.ndarray, pa.Array]] = []
    for kind_index, (before, after) in enumerate(_FSID_FORMS):
        rows = np.flatnonzero(with_fsid & (cookie_kind == kind_index))
        if not len(rows):
            continue
        row_sid = sid.take(pa.array(rows))
        kind = _COOKIE_KINDS[kind_index][0] if kind_index < len(_COOKIE_KINDS) else "normal"
        if kind == "empty":
            values = pa.array(["fsid="] * len(rows), type=_STRING)
        elif kind == "upper_value":
            values = _cat("fsid=", pc.utf8_upper(row_sid))
        else:
            values = _cat(before, row_sid, after)
        fsid_parts.append((rows, values))
    return fsid_parts


def _other_cookies(noise: np.ndarray) -> list[pa.Array]:
    """The three private cookies every Cookie header has (analytics, auth, preference)."""
    a, b, c = noise[:, 0], noise[:, 1], noise[:, 2]
    return [
        _cat("_ga=GA1.2.", _text(a), ".", _text(b)),
        _cat("auth_token=secret", _hex(c, 8), _hex(a, 8), "=="),
        pa.array(np.where(b % 2 == 1, "consent=granted", "theme=dark"), type=_STRING),
    ]


def _cookie_headers(n_base: int, visits: _Visits, choices: _Choices, sid: pa.Array) -> pa.Array:
    """Every base event's Cookie header: first events send one half the time (without
    fsid), server events 30% of the time, other browser events always; the fsid cookie goes
    at a random place among the private ones."""
    first = visits.position == 0
    sends = np.where(
        first, choices.first_has_cookie, np.where(choices.is_http, choices.http_has_cookie, True)
    )
    fsid_parts = _fsid_cookies(sends & ~first, choices.cookie_kind, sid)
    others = _other_cookies(choices.noise)
    header_parts: list[tuple[np.ndarray, pa.Array]] = []
    no_fsid = np.flatnonzero(sends & first)
    take = pa.array(no_fsid)
    header_parts.append(
        (no_fsid, pc.binary_join_element_wise(*[part.take(take) for part in others], "; "))
    )
    if fsid_parts:
        fsid_rows = np.concatenate([rows for rows, _ in fsid_parts])
        fsid_values = pa.concat_arrays([values for _, values in fsid_parts])
        for place in range(4):
            pick = np.flatnonzero(choices.cookie_order[fsid_rows] == place)
            rows = fsid_rows[pick]
            take = pa.array(rows)
            pieces: list[Piece] = [part.take(take) for part in others]
            pieces.insert(place, fsid_values.take(pa.array(pick)))
            header_parts.append((rows, pc.binary_join_element_wise(*pieces, "; ")))
    silent = np.flatnonzero(~sends)
    header_parts.append((silent, pa.nulls(len(silent), type=_STRING)))
    return _scatter(n_base, header_parts)


def _redeliveries(
    base: Columns, times: np.ndarray, n_redelivery: int, rng: np.random.Generator
) -> Columns:
    """Re-deliveries of random base events: 60% later, 25% EARLIER, 15% at the same time;
    a fifth of the retried JSON payloads gain a ``"retry"`` field."""
    n_base = len(base["event_id"])
    picks = rng.integers(0, n_base, size=n_redelivery)
    shift_kind = rng.random(n_redelivery)
    later = rng.integers(1, 600_000_000, size=n_redelivery)
    earlier = rng.integers(1, 5_000_000, size=n_redelivery)
    shift = np.where(shift_kind < 0.6, later, np.where(shift_kind < 0.85, -earlier, 0))
    retry_payload = rng.random(n_redelivery) < 0.2
    take = pa.array(picks)
    original = base["payload"].take(take)
    retried = pc.and_(
        pa.array(retry_payload), pc.fill_null(pc.starts_with(original, '{"event"'), False)
    )
    return {
        "event_id": base["event_id"].take(take),
        "source_id": base["source_id"].take(take),
        "source_type": base["source_type"].take(take),
        "received_at": _times_text(times[picks] + shift),
        "payload": pc.if_else(
            retried, _cat(pc.utf8_slice_codeunits(original, 0, -1), ', "retry": 1}'), original
        ),
        "cookie": base["cookie"].take(take),
    }


def _rejects(base: Columns, n_reject: int, rng: np.random.Generator) -> Columns:
    """Rows the warehouse rejects: a base row's event id or time replaced by a null, empty,
    blank, garbage or pre-1970 value (one reject kind each)."""
    n_base = len(base["event_id"])
    reject_kind = np.asarray(_REJECT_KINDS, dtype=object)[
        rng.integers(0, len(_REJECT_KINDS), size=n_reject)
    ]
    reuse = rng.integers(0, max(n_base, 1), size=n_reject)
    pick = rng.integers(0, 1 << 30, size=n_reject)
    if n_base:
        reject_ids: list[str | None] = base["event_id"].take(pa.array(reuse)).to_pylist()
        reject_times: list[str | None] = base["received_at"].take(pa.array(reuse)).to_pylist()
    else:
        reject_ids = [f"ev_reject_{k}" for k in range(n_reject)]
        reject_times = ["2026-06-01 00:00:00"] * n_reject
    for k, kind in enumerate(reject_kind.tolist()):
        if kind == "null_event_id":
            reject_ids[k] = None
        elif kind == "empty_event_id":
            reject_ids[k] = ""
        elif kind == "blank_event_id":
            reject_ids[k] = " \t"
        elif kind == "null_received_at":
            reject_times[k] = None
        elif kind == "empty_received_at":
            reject_times[k] = ""
        elif kind == "garbage_received_at":
            reject_times[k] = _GARBAGE_TIMES[int(pick[k]) % len(_GARBAGE_TIMES)]
        else:
            reject_times[k] = _PRE_1970[int(pick[k]) % len(_PRE_1970)]
    return {
        "event_id": pa.array(reject_ids, type=_STRING),
        "source_id": pa.array(np.asarray(_JS_SOURCES, dtype=object)[pick % 2], type=_STRING),
        "source_type": pa.array(["javascript"] * n_reject, type=_STRING),
        "received_at": pa.array(reject_times, type=_STRING),
        "payload": _cat('{"event": "page_view", "n": ', _text(pick % 1000), "}"),
        "cookie": _cat("auth_token=secret", _hex(pick, 8), "; consent=granted"),
    }


def _base_events(
    n_base: int, rng: np.random.Generator, seed: int, first_index: int
) -> tuple[Columns, np.ndarray]:
    """The block's distinct events (one delivery each) and their times in microseconds."""
    visits = _draw_visits(n_base, rng)
    times = _draw_times(visits, n_base, rng)
    event_ids = _draw_event_ids(n_base, rng, seed, first_index)
    # The ID the collector minted for each visit (its first event, original time).
    first_ids: list[str] = event_ids.take(pa.array(visits.start)).to_pylist()
    visit_sid = _mint_visits(first_ids, times[visits.start] // 1000)
    choices = _draw_choices(n_base, visits, rng)
    sid = visit_sid.take(pa.array(visits.of_event)) if n_base else pa.array([], type=_STRING)
    source_ids, source_types = _sources(visits, choices)
    parts = _payload_parts(visits, choices, visit_sid, sid)
    columns = {
        "event_id": event_ids,
        "source_id": source_ids,
        "source_type": source_types,
        "payload": _payloads(n_base, choices, parts),
        "cookie": _cookie_headers(n_base, visits, choices, sid),
        "received_at": _times_text(times),
    }
    return columns, times


def _block(n_events: int, rng: np.random.Generator, seed: int, first_index: int) -> pa.Table:
    """One independent block of ``n_events`` raw rows, in arrival (shuffled) order: 96% base
    events, 3% re-deliveries, 1% rejects. Base events are numbered from ``first_index`` (so
    event ids are unique across blocks)."""
    n_reject = n_events // 100
    n_redelivery = (n_events * 3) // 100
    n_base = n_events - n_reject - n_redelivery
    base, times = _base_events(n_base, rng, seed, first_index)
    parts = [base]
    if n_base and n_redelivery:
        parts.append(_redeliveries(base, times, n_redelivery, rng))
    if n_reject:
        parts.append(_rejects(base, n_reject, rng))
    order = pa.array(rng.permutation(n_events))
    return pa.table(
        {
            name: pa.concat_arrays([part[name].cast(_STRING) for part in parts]).take(order)
            for name in RAW_COLUMNS
        }
    )


def _jstr(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _check_arguments(n_events: int) -> None:
    if isinstance(n_events, bool) or not isinstance(n_events, int):
        raise TypeError("n_events must be an int")
    if n_events < 0:
        raise ValueError("n_events must be >= 0")


def iter_raw_event_tables(
    n_events: int, seed: int, block_events: int | None = None
) -> Iterator[pa.Table]:
    """Yield the raw rows of :func:`generate_raw_events` as Arrow tables (all ``string``
    columns), one per block of at most ``block_events`` (default :data:`BLOCK_EVENTS`)
    events."""
    _check_arguments(n_events)
    if block_events is None:
        block_events = BLOCK_EVENTS
    n_blocks = max(1, -(-n_events // block_events))
    sequence = np.random.SeedSequence(seed)
    first_index = 0
    for block in range(n_blocks):
        size = n_events // n_blocks + (1 if block < n_events % n_blocks else 0)
        rng = np.random.default_rng(sequence if block == 0 else sequence.spawn(1)[0])
        table = _block(size, rng, seed, first_index)
        first_index += size
        yield table


def generate_raw_events(n_events: int, seed: int) -> pd.DataFrame:
    """Generate exactly ``n_events`` raw event rows, deterministically from ``seed``.

    Columns: ``event_id``, ``source_id``, ``source_type``, ``received_at`` (text
    ``YYYY-MM-DD HH:MM:SS.ffffff`` or a deliberately bad value), ``payload``, ``cookie``;
    ``object`` dtype with ``None`` for nulls. Rows come in a shuffled (arrival) order.
    """
    tables = list(iter_raw_event_tables(n_events, seed))
    table = pa.concat_tables(tables)
    return pd.DataFrame(
        {name: pd.Series(table.column(name).to_pylist(), dtype=object) for name in RAW_COLUMNS}
    )


def _json_text(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Each value as a JSON string literal (as ``json.dumps(v, ensure_ascii=False)``), or
    ``null``."""
    escaped = pc.replace_substring(column, "\\", "\\\\")
    escaped = pc.replace_substring(escaped, '"', '\\"')
    if pc.any(pc.match_substring_regex(escaped, "[\\x00-\\x1f]")).as_py():
        for code in range(0x20):
            short = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
            escaped = pc.replace_substring(escaped, chr(code), short.get(code, f"\\u{code:04x}"))
    return pc.fill_null(_cat('"', escaped, '"'), "null")


def _csv_text(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Quoted CSV fields (``""`` doubled inside); a null is an empty unquoted field."""
    return pc.fill_null(_cat('"', pc.replace_substring(column, '"', '""'), '"'), "")


def _lines(table: pa.Table, encode: Callable[[pa.Array], pa.Array], fmt: str) -> bytes:
    fields = [encode(table.column(name).combine_chunks()) for name in RAW_COLUMNS]
    if fmt == "csv":
        lines = pc.binary_join_element_wise(*fields, ",")
    else:
        pieces: list[Piece] = []
        for index, (name, field) in enumerate(zip(RAW_COLUMNS, fields, strict=True)):
            pieces += [("{" if index == 0 else ", ") + f'"{name}": ', field]
        lines = _cat(*pieces, "}")
    lines = _cat(lines, "\n")
    if not len(lines):
        return b""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset :]
    data = memoryview(lines.buffers()[2])
    return bytes(data[int(offsets[0]) : int(offsets[len(lines)])])


def write_generated_events(
    n_events: int,
    seed: int,
    path: str | Path,
    progress: Callable[[int, int], Any] | None = None,
    block_events: int | None = None,
) -> int:
    """Generate and write raw events block by block (memory bounded by one block).

    The format comes from the name's ending (any of ``schema.RAW_FORMATS``) and follows
    ``io.write_raw_events``; a Parquet file gets one row group per block.
    ``progress(rows_written, n_events)`` is called after each block. Returns the row count.
    """
    from firstparty_sessions.io import open_for_writing

    path = Path(path)
    fmt = raw_format(path)
    _check_arguments(n_events)
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(name, _STRING) for name in RAW_COLUMNS])
    written = 0
    if fmt == "parquet":
        with pq.ParquetWriter(path, schema) as writer:
            for table in iter_raw_event_tables(n_events, seed, block_events):
                writer.write_table(table, row_group_size=max(len(table), 1))
                written += len(table)
                if progress is not None:
                    progress(written, n_events)
        return written
    encode = _csv_text if fmt == "csv" else _json_text
    with open_for_writing(path) as handle:
        if fmt == "csv":
            handle.write((",".join(f'"{name}"' for name in RAW_COLUMNS) + "\n").encode())
        for table in iter_raw_event_tables(n_events, seed, block_events):
            handle.write(_lines(table, encode, fmt))
            written += len(table)
            if progress is not None:
                progress(written, n_events)
    return written
