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
deep nesting. The same ``(n_events, seed)`` always gives the same frame.
"""

from __future__ import annotations

import json
from typing import Final

import numpy as np
import pandas as pd

from firstparty_sessions.ids import mint_from_millis

__all__ = ["generate_raw_events"]

_RAW_COLUMNS: Final = ("event_id", "source_id", "source_type", "received_at", "payload", "cookie")
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


def _kinds(rng: np.random.Generator, n: int, table: tuple[tuple[str, float], ...]) -> list[str]:
    names = [name for name, _ in table] + ["normal"]
    edges = np.cumsum([share for _, share in table])
    picks = np.searchsorted(edges, rng.random(n), side="right")
    return [names[index] for index in picks.tolist()]


def _hex_uuids(rng: np.random.Generator, n: int) -> list[str]:
    """Random version-4 style UUID text (IDs of sessions that do not exist)."""
    raw = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    out = []
    for high, low in raw.tolist():
        h = f"{high:016x}{low:016x}"
        out.append(f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}")
    return out


def _format_times(micros: np.ndarray) -> list[str]:
    text = np.datetime_as_string(micros.astype("datetime64[us]"), unit="us")
    return [value.replace("T", " ") for value in text.tolist()]


def _jstr(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def generate_raw_events(n_events: int, seed: int) -> pd.DataFrame:
    """Generate exactly ``n_events`` raw event rows, deterministically from ``seed``.

    Columns: ``event_id``, ``source_id``, ``source_type``, ``received_at`` (text
    ``YYYY-MM-DD HH:MM:SS.ffffff`` or a deliberately bad value), ``payload``, ``cookie``;
    ``object`` dtype with ``None`` for nulls. Rows come in a shuffled (arrival) order.
    """
    if isinstance(n_events, bool) or not isinstance(n_events, int):
        raise TypeError("n_events must be an int")
    if n_events < 0:
        raise ValueError("n_events must be >= 0")
    rng = np.random.default_rng(seed)
    n_reject = n_events // 100
    n_redelivery = (n_events * 3) // 100
    n_base = n_events - n_reject - n_redelivery

    # --- visits --------------------------------------------------------------------------
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
    profile_of_visit = rng.integers(0, n_profiles, size=n_visits)
    anonymous_visit = rng.random(n_visits) < 0.1
    js_source_of_visit = rng.integers(0, len(_JS_SOURCES), size=n_visits)

    starts = _START_US + rng.integers(0, _SPAN_US, size=n_visits, dtype=np.int64)
    gaps = rng.exponential(30_000_000, size=n_base).astype(np.int64)
    same_time = rng.random(n_base) < 0.01  # ties: first event by event_id
    gaps[same_time] = 0
    gaps[position == 0] = 0
    running = np.cumsum(gaps)
    times = starts[visit_of] + running - running[visit_start[visit_of]] if n_base else gaps
    boundary = rng.random(n_base)
    # Millisecond boundaries: .xxx999 stays in its millisecond, .xxx000 starts one.
    times = np.where(boundary < 0.02, times - times % 1000 + 999, times)
    times = np.where((boundary >= 0.02) & (boundary < 0.04), times - times % 1000, times)
    times = np.where(
        (boundary >= 0.04) & (boundary < 0.045), times - times % 1_000_000 + 999_999, times
    )

    # --- event ids -----------------------------------------------------------------------
    scrambled = (np.arange(n_base, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(
        seed & 0xFFFFFFFF
    )
    id_style = rng.random(n_base)
    event_ids: list[str] = []
    for index, (number, style) in enumerate(
        zip(scrambled.tolist(), id_style.tolist(), strict=True)
    ):
        if style < 0.003:
            event_ids.append(f"évènement-{index}")
        elif style < 0.005:
            event_ids.append(f"ev_日本_{index}")
        elif style < 0.006:
            event_ids.append(f"ev_\U0001f600_{index}")
        elif style < 0.007:
            event_ids.append(f" ev_{number:016x} ")  # kept as sent, not trimmed
        else:
            event_ids.append(f"ev_{number:016x}")

    # --- the ID the collector minted for each visit (first event, original time) ---------
    first_rows = visit_start.tolist()
    visit_sid = [mint_from_millis(event_ids[row], int(times[row]) // 1000) for row in first_rows]

    # --- per event choices ---------------------------------------------------------------
    is_http = (rng.random(n_base) < 0.2) & (position > 0)
    other_type = rng.random(n_base) < 0.002
    http_source = rng.integers(0, len(_HTTP_SOURCES), size=n_base).tolist()
    js_payload_sid = (rng.random(n_base) < 0.25).tolist()
    http_payload_sid = (rng.random(n_base) < 0.65).tolist()
    http_has_cookie = (rng.random(n_base) < 0.3).tolist()
    first_has_cookie = (rng.random(n_base) < 0.5).tolist()
    payload_kind = _kinds(rng, n_base, _PAYLOAD_KINDS)
    cookie_kind = _kinds(rng, n_base, _COOKIE_KINDS)
    event_name = rng.integers(0, len(_EVENT_NAMES), size=n_base).tolist()
    noise = rng.integers(0, 2**31, size=(n_base, 3)).tolist()
    cookie_order = rng.integers(0, 4, size=n_base).tolist()
    unknown_ids = iter(_hex_uuids(rng, sum(kind == "unknown_id" for kind in payload_kind)))
    conflict_visit = rng.integers(0, max(n_visits, 1), size=n_base).tolist()
    profile_json = [
        "null" if anonymous else f'"prof_{profile:07d}"'
        for anonymous, profile in zip(
            anonymous_visit.tolist(), profile_of_visit.tolist(), strict=True
        )
    ]
    name_json = [_jstr(name) for name in _EVENT_NAMES]
    visit_list = visit_of.tolist()
    position_list = position.tolist()
    is_http_list = is_http.tolist()
    other_type_list = other_type.tolist()
    js_source_list = js_source_of_visit.tolist()

    source_ids: list[str | None] = []
    source_types: list[str | None] = []
    payloads: list[str | None] = []
    cookie_headers: list[str | None] = []
    for i in range(n_base):
        visit = visit_list[i]
        sid = visit_sid[visit]
        http = is_http_list[i]
        first = position_list[i] == 0
        a, b, c = noise[i]
        if http:
            source_ids.append(_HTTP_SOURCES[http_source[i]])
            source_types.append("http")
        else:
            source_ids.append(_JS_SOURCES[js_source_list[visit]])
            source_types.append("ios" if other_type_list[i] else "javascript")

        # payload
        carries = (not first) and (http_payload_sid[i] if http else js_payload_sid[i])
        name = name_json[event_name[i]]
        profile = profile_json[visit]
        props = f'"properties": {{"path": "/p/{a % 500}", "n": {b % 100}}}'
        head = f'{{"event": {name}, "profile_id": {profile}, '
        kind = payload_kind[i]
        if kind == "normal":
            sid_part = f'"session_id": "{sid}", ' if carries else ""
            payload: str | None = f"{head}{sid_part}{props}}}"
        elif kind == "not_json":
            payload = (
                f'{head}"session_id": "{sid}"' if a % 2 else f"event=page_view&session_id={sid}"
            )
        elif kind == "array":
            payload = f'[{{"event": {name}, "session_id": "{sid}"}}]'
        elif kind == "number":
            payload = f'{head}"session_id": {a}, {props}}}'
        elif kind == "null":
            payload = f'{head}"session_id": null, {props}}}'
        elif kind == "empty_id":
            payload = f'{head}"session_id": "", {props}}}'
        elif kind == "upper":
            payload = f'{head}"session_id": "{sid.upper()}", {props}}}'
        elif kind == "spaces":
            payload = f'{head}"session_id": " \\t{sid}\\n ", {props}}}'
        elif kind == "nbsp":
            payload = f'{head}"session_id": "\\u00a0{sid}", {props}}}'
        elif kind == "quoted":
            payload = f'{head}"session_id": "\\"{sid}\\"", {props}}}'
        elif kind == "braces":
            form = f"{{{sid}}}" if a % 2 else f"urn:uuid:{sid}"
            payload = f'{head}"session_id": "{form}", {props}}}'
        elif kind == "duplicate":
            other = visit_sid[conflict_visit[i]]
            payload = f'{head}"session_id": "{sid}", "session_id": "{other}", {props}}}'
        elif kind == "trailing_comma":
            payload = f'{head}"session_id": "{sid}", "tags": ["a", "b",], {props},}}'
        elif kind == "nested_only":
            payload = f'{head}{props}, "context": {{"session_id": "{sid}"}}}}'
        elif kind == "nan":
            payload = f'{head}"session_id": "{sid}", "score": NaN, "max": Infinity}}'
        elif kind == "no_payload":
            payload = None
        elif kind == "empty_payload":
            payload = ""
        elif kind == "scalar":
            payload = _jstr(sid) if a % 2 else str(a)
        elif kind == "unknown_id":
            payload = f'{head}"session_id": "{next(unknown_ids)}", {props}}}'
        else:  # conflict: the payload names another visit's session
            payload = f'{head}"session_id": "{visit_sid[conflict_visit[i]]}", {props}}}'
        payloads.append(payload)

        # cookie header
        if first:
            fsid_part: str | None = None
            sends = first_has_cookie[i]
        elif http:
            fsid_part = f"fsid={sid}"
            sends = http_has_cookie[i]
        else:
            fsid_part = f"fsid={sid}"
            sends = True
        if not sends:
            cookie_headers.append(None)
            continue
        ckind = cookie_kind[i]
        if fsid_part is not None and ckind != "normal":
            fsid_part = {
                "upper_name": f"FSID={sid}",
                "xfsid": f"xfsid={sid}",
                "fsid_old": f"fsid_old={sid}",
                "quoted": f'fsid="{sid}"',
                "first_invalid": f"fsid=deleted; fsid={sid}",
                "empty": "fsid=",
                "spaces": f" fsid = {sid} ",
                "quoted_space": f'fsid=" {sid}"',
                "no_equals": f"httponly; fsid={sid}",
                "upper_value": f"fsid={sid.upper()}",
            }[ckind]
        parts = [
            f"_ga=GA1.2.{a}.{b}",
            f"auth_token=secret{c:08x}{a:08x}==",
            "consent=granted" if b % 2 else "theme=dark",
        ]
        if fsid_part is not None:
            parts.insert(cookie_order[i] % (len(parts) + 1), fsid_part)
        cookie_headers.append("; ".join(parts))

    received = _format_times(times)

    # --- re-deliveries -------------------------------------------------------------------
    rows_event_id: list[str | None] = list(event_ids)
    rows_received: list[str | None] = list(received)
    if n_base and n_redelivery:
        picks = rng.integers(0, n_base, size=n_redelivery)
        shift_kind = rng.random(n_redelivery)
        later = rng.integers(1, 600_000_000, size=n_redelivery)
        earlier = rng.integers(1, 5_000_000, size=n_redelivery)
        shift = np.where(shift_kind < 0.6, later, np.where(shift_kind < 0.85, -earlier, 0))
        redelivered_times = _format_times(times[picks] + shift)
        retry_payload = (rng.random(n_redelivery) < 0.2).tolist()
        for k, row in enumerate(picks.tolist()):
            rows_event_id.append(event_ids[row])
            rows_received.append(redelivered_times[k])
            source_ids.append(source_ids[row])
            source_types.append(source_types[row])
            original = payloads[row]
            if retry_payload[k] and original is not None and original.startswith('{"event"'):
                original = original[:-1] + ', "retry": 1}'
            payloads.append(original)
            cookie_headers.append(cookie_headers[row])

    # --- rejects -------------------------------------------------------------------------
    if n_reject:
        reject_kind = rng.integers(0, len(_REJECT_KINDS), size=n_reject).tolist()
        reuse = rng.integers(0, max(n_base, 1), size=n_reject).tolist()
        pick = rng.integers(0, 1 << 30, size=n_reject).tolist()
        for k in range(n_reject):
            kind = _REJECT_KINDS[reject_kind[k]]
            base = reuse[k] if n_base else None
            event_id: str | None = event_ids[base] if base is not None else f"ev_reject_{k}"
            when: str | None = received[base] if base is not None else "2026-06-01 00:00:00"
            if kind == "null_event_id":
                event_id = None
            elif kind == "empty_event_id":
                event_id = ""
            elif kind == "blank_event_id":
                event_id = " \t"
            elif kind == "null_received_at":
                when = None
            elif kind == "empty_received_at":
                when = ""
            elif kind == "garbage_received_at":
                when = _GARBAGE_TIMES[pick[k] % len(_GARBAGE_TIMES)]
            else:
                when = _PRE_1970[pick[k] % len(_PRE_1970)]
            rows_event_id.append(event_id)
            rows_received.append(when)
            source_ids.append(_JS_SOURCES[pick[k] % 2])
            source_types.append("javascript")
            payloads.append(f'{{"event": "page_view", "n": {pick[k] % 1000}}}')
            cookie_headers.append(f"auth_token=secret{pick[k]:08x}; consent=granted")

    order = rng.permutation(len(rows_event_id)).tolist()
    columns = {
        "event_id": rows_event_id,
        "source_id": source_ids,
        "source_type": source_types,
        "received_at": rows_received,
        "payload": payloads,
        "cookie": cookie_headers,
    }
    return pd.DataFrame(
        {
            name: pd.Series([columns[name][index] for index in order], dtype=object)
            for name in _RAW_COLUMNS
        }
    )
