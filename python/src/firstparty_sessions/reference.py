"""The reference resolver: an independent pandas/Python implementation of the rules
(docs/contract.md, docs/rules.md).

:func:`resolve` takes the raw event rows and returns the three relations the dbt project
builds (``event_sessions``, ``sessions``, ``rejected_events``), computed from scratch. It is
the test oracle for the SQL models: a full rebuild or any sequence of incremental runs over
the same raw rows must give exactly these rows.

Output conventions: text columns have ``object`` dtype holding ``str`` or ``None``;
timestamps are naive UTC ``datetime64[us]``; counts are ``int64``; ``is_cross_source`` is
``bool``. The ``cookie`` header never appears in any output: it is reduced to
``cookie_session_id`` / ``cookie_session_status`` on reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from firstparty_sessions.cookies import CookieCandidate, fsid_from_cookie_header
from firstparty_sessions.ids import mint_many_from_millis
from firstparty_sessions.payload import PayloadFields, read_payload
from firstparty_sessions.rejects import screen_raw_row
from firstparty_sessions.schema import RAW_COLUMNS
from firstparty_sessions.timestamps import format_received_at

__all__ = [
    "EVENT_SESSION_COLUMNS",
    "RAW_COLUMNS",
    "REJECTED_EVENT_COLUMNS",
    "SESSION_COLUMNS",
    "ReferenceOutputs",
    "SessionIdValidation",
    "resolve",
]

SessionIdValidation = Literal["format", "known"]

EVENT_SESSION_COLUMNS: Final = (
    "event_id",
    "session_id",
    "resolved_by",
    "received_at",
    "source_id",
    "source_type",
    "profile_id",
    "event_name",
    "delivery_count",
    "payload_session_status",
    "payload_session_id",
    "cookie_session_status",
    "cookie_session_id",
)
SESSION_COLUMNS: Final = (
    "session_id",
    "created_at",
    "updated_at",
    "profile_id",
    "event_count",
    "created_by",
    "source_types",
    "is_cross_source",
    "first_event_id",
)
REJECTED_EVENT_COLUMNS: Final = (
    "event_id",
    "source_id",
    "source_type",
    "received_at",
    "payload",
    "reason",
)

_EPOCH: Final = datetime(1970, 1, 1)
_ONE_US: Final = timedelta(microseconds=1)
_STRING_COLUMNS: Final = ("event_id", "source_id", "source_type", "payload", "cookie")


@dataclass(frozen=True)
class ReferenceOutputs:
    """The three relations, each sorted as documented in :func:`resolve`."""

    event_sessions: pd.DataFrame
    sessions: pd.DataFrame
    rejected_events: pd.DataFrame


def _null_key(value: str | None) -> tuple[int, str]:
    """Sort key putting nulls first, then strings by code point."""
    return (0, "") if value is None else (1, value)


def _column(raw: pd.DataFrame, name: str) -> list[Any]:
    """The column's values as Python objects, with every pandas null (NA/NaN/NaT) as None."""
    series = raw[name]
    values: list[Any] = series.tolist()
    nulls = series.isna().to_numpy()
    if nulls.any():
        for index in np.flatnonzero(nulls).tolist():
            values[index] = None
    if name in _STRING_COLUMNS:
        for index, value in enumerate(values):
            if value is not None and not isinstance(value, str):
                raise TypeError(
                    f"column {name!r} row {index}: expected a string or null, "
                    f"got {type(value).__name__}"
                )
    else:
        for index, value in enumerate(values):
            if value is not None and not isinstance(value, str | datetime):
                raise TypeError(
                    f"column {name!r} row {index}: expected text, a datetime or null, "
                    f"got {type(value).__name__}"
                )
    return values


def _text_series(values: Sequence[str | None]) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def _timestamp_series(micros: Sequence[int]) -> pd.Series:
    return pd.Series(np.asarray(micros, dtype=np.int64).view("datetime64[us]"))


def _int_series(values: Sequence[int]) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.int64))


@dataclass(slots=True)
class _Event:
    """The winning delivery of one event, and its delivery count."""

    key: tuple[Any, ...]
    row: int
    micros: int
    cookie: CookieCandidate
    payload: PayloadFields
    deliveries: int


def resolve(
    raw: pd.DataFrame, session_id_validation: SessionIdValidation = "format"
) -> ReferenceOutputs:
    """Resolve raw event rows to sessions, from scratch.

    ``raw`` must have the columns ``event_id``, ``source_id``, ``source_type``,
    ``received_at``, ``payload`` and ``cookie`` (other columns are ignored). Values are
    strings or nulls (``None``/NaN/NA); ``received_at`` may also hold datetimes, which are
    formatted as ``YYYY-MM-DD HH:MM:SS.ffffff`` text first (naive = UTC).

    ``session_id_validation`` is ``"format"`` (default) or ``"known"`` (strict mode: a payload
    ID counts only if it names an established session).

    Returns :class:`ReferenceOutputs` with

    * ``event_sessions`` -- one row per distinct accepted ``event_id``, sorted by ``event_id``;
    * ``sessions`` -- one row per session some event resolved to, sorted by ``session_id``;
    * ``rejected_events`` -- one row per rejected raw row, sorted by all its columns (nulls
      first, strings by code point).
    """
    if session_id_validation not in ("format", "known"):
        raise ValueError(
            f"session_id_validation must be 'format' or 'known', not {session_id_validation!r}"
        )
    if not isinstance(raw, pd.DataFrame):
        raise TypeError(f"raw must be a pandas DataFrame, not {type(raw).__name__}")
    missing = [name for name in RAW_COLUMNS if name not in raw.columns]
    if missing:
        raise ValueError(f"raw events lack required column(s): {', '.join(missing)}")
    strict = session_id_validation == "known"

    event_ids = _column(raw, "event_id")
    source_ids = _column(raw, "source_id")
    source_types = _column(raw, "source_type")
    received = _column(raw, "received_at")
    payloads = _column(raw, "payload")
    cookies = _column(raw, "cookie")

    # 1-2. Screen and deduplicate. The cookie header is reduced here and never kept.
    rejects: list[tuple[str | None, ...]] = []
    events: dict[str, _Event] = {}
    for row, event_id in enumerate(event_ids):
        received_value = received[row]
        moment, reason = screen_raw_row(event_id, received_value)
        if reason is not None:
            received_text = (
                format_received_at(received_value)
                if isinstance(received_value, datetime)
                else received_value
            )
            rejects.append(
                (
                    event_id,
                    source_ids[row],
                    source_types[row],
                    received_text,
                    payloads[row],
                    reason,
                )
            )
            continue
        assert event_id is not None
        assert moment is not None
        micros: int = (moment - _EPOCH) // _ONE_US
        cookie = fsid_from_cookie_header(cookies[row])
        payload = read_payload(payloads[row])
        # The deduplication order (docs/rules.md): received_at, then what the delivery
        # says, nulls first; the SQL twin is the macro delivery_order.
        key = (
            micros,
            _null_key(source_ids[row]),
            _null_key(source_types[row]),
            payload.session_status,
            _null_key(payload.session_id),
            _null_key(payload.profile_id),
            _null_key(payload.event_name),
            cookie.status,
            _null_key(cookie.session_id),
        )
        current = events.get(event_id)
        if current is None:
            events[event_id] = _Event(key, row, micros, cookie, payload, 1)
        else:
            current.deliveries += 1
            if key < current.key:
                current.key, current.row, current.micros = key, row, micros
                current.cookie, current.payload = cookie, payload

    # 3. In strict mode, collect the established sessions.
    ordered_ids = sorted(events)
    fields = [events[event_id].payload for event_id in ordered_ids]
    # Every event's minted ID, in one vectorised call (cheaper than one call per use).
    minted_ids = mint_many_from_millis(
        ordered_ids, [events[event_id].micros // 1000 for event_id in ordered_ids]
    )
    minted = dict(zip(ordered_ids, minted_ids, strict=True)).__getitem__

    established: set[str] = set()
    if strict:
        for event_id, payload in zip(ordered_ids, fields, strict=True):
            cookie = events[event_id].cookie
            if cookie.session_id is not None:
                established.add(cookie.session_id)
            elif payload.session_status != "valid":
                established.add(minted(event_id))

    columns: dict[str, list[Any]] = {name: [] for name in EVENT_SESSION_COLUMNS}
    micros_column: list[int] = []
    for event_id, payload in zip(ordered_ids, fields, strict=True):
        event = events[event_id]
        row = event.row
        payload_status: str = payload.session_status
        if strict and payload_status == "valid" and payload.session_id not in established:
            payload_status = "unknown"
        if payload_status == "valid":
            session_id, resolved_by = payload.session_id, "payload"
        elif event.cookie.status == "valid":
            session_id, resolved_by = event.cookie.session_id, "cookie"
        else:
            session_id, resolved_by = minted(event_id), "minted"
        columns["event_id"].append(event_id)
        columns["session_id"].append(session_id)
        columns["resolved_by"].append(resolved_by)
        micros_column.append(event.micros)
        columns["source_id"].append(source_ids[row])
        columns["source_type"].append(source_types[row])
        columns["profile_id"].append(payload.profile_id)
        columns["event_name"].append(payload.event_name)
        columns["delivery_count"].append(event.deliveries)
        columns["payload_session_status"].append(payload_status)
        columns["payload_session_id"].append(payload.session_id)
        columns["cookie_session_status"].append(event.cookie.status)
        columns["cookie_session_id"].append(event.cookie.session_id)

    event_sessions = pd.DataFrame(
        {
            name: (
                _timestamp_series(micros_column)
                if name == "received_at"
                else _int_series(columns[name])
                if name == "delivery_count"
                else _text_series(columns[name])
            )
            for name in EVENT_SESSION_COLUMNS
        }
    )

    sessions = _sessions(columns, micros_column)
    rejected_events = _rejected_events(rejects)
    return ReferenceOutputs(event_sessions, sessions, rejected_events)


@dataclass(slots=True)
class _Session:
    created_at: int
    updated_at: int
    profile_id: str | None
    event_count: int
    created_by: str
    first_event_id: str
    first_source_id: str | None
    cross_source: bool
    source_types: set[str]


def _sessions(columns: dict[str, list[Any]], micros: list[int]) -> pd.DataFrame:
    """Aggregate the resolved events into one row per session."""
    event_ids = columns["event_id"]
    order = sorted(range(len(event_ids)), key=lambda index: (micros[index], event_ids[index]))
    sessions: dict[str, _Session] = {}
    for index in order:
        session_id: str = columns["session_id"][index]
        source_id: str | None = columns["source_id"][index]
        source_type: str | None = columns["source_type"][index]
        profile_id: str | None = columns["profile_id"][index]
        session = sessions.get(session_id)
        if session is None:
            session = _Session(
                created_at=micros[index],
                updated_at=micros[index],
                profile_id=profile_id,
                event_count=0,
                created_by=columns["resolved_by"][index],
                first_event_id=event_ids[index],
                first_source_id=None,
                cross_source=False,
                source_types=set(),
            )
            sessions[session_id] = session
        session.event_count += 1
        session.updated_at = micros[index]  # events come in time order
        if session.profile_id is None:
            session.profile_id = profile_id
        if source_type is not None:
            session.source_types.add(source_type)
        if source_id is not None:
            if session.first_source_id is None:
                session.first_source_id = source_id
            elif source_id != session.first_source_id:
                session.cross_source = True
    ordered = sorted(sessions)
    rows = [sessions[session_id] for session_id in ordered]
    return pd.DataFrame(
        {
            "session_id": _text_series(ordered),
            "created_at": _timestamp_series([s.created_at for s in rows]),
            "updated_at": _timestamp_series([s.updated_at for s in rows]),
            "profile_id": _text_series([s.profile_id for s in rows]),
            "event_count": _int_series([s.event_count for s in rows]),
            "created_by": _text_series([s.created_by for s in rows]),
            "source_types": _text_series(
                [",".join(sorted(s.source_types)) if s.source_types else None for s in rows]
            ),
            "is_cross_source": pd.Series(
                np.asarray([s.cross_source for s in rows], dtype=bool), dtype=bool
            ),
            "first_event_id": _text_series([s.first_event_id for s in rows]),
        }
    )


def _rejected_events(rejects: list[tuple[str | None, ...]]) -> pd.DataFrame:
    """One row per rejected raw row, sorted by all columns (nulls first)."""
    ordered = sorted(rejects, key=lambda row: tuple(_null_key(value) for value in row))
    return pd.DataFrame(
        {
            name: _text_series([row[position] for row in ordered])
            for position, name in enumerate(REJECTED_EVENT_COLUMNS)
        }
    )
