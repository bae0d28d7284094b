"""Deterministic minted session IDs (docs/contract.md, "Minted IDs").

For an event with id ``E`` received at ``T``:

* ``h`` = lowercase hex MD5 of the UTF-8 bytes of ``"firstparty-session:" + E``;
* ``t`` = milliseconds since 1970-01-01 UTC of ``T`` (floored), as 12 lowercase hex digits;
* ID = ``t[0:8]-t[8:12]-8h[0:3]-v h[4:7]-h[7:19]`` with ``v = "89ab"[int(h[3], 16) & 3]``.

The result is an RFC 9562 version-8 UUID: time-ordered like UUIDv7, hash bits instead of
random bits. Collectors and the SQL macro must agree with this function byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

import numpy as np

from firstparty_sessions._ascii import HEX_DIGITS, dash_join, hex_chars, rows_text

__all__ = [
    "HASH_PREFIX",
    "MAX_MILLIS",
    "epoch_millis",
    "mint_from_millis",
    "mint_many_from_millis",
    "mint_session_id",
    "mint_session_ids",
    "minted_id_chars",
]

#: Prefix hashed in front of the event id.
HASH_PREFIX: Final = "firstparty-session:"
#: Exclusive upper bound of the millisecond count: it must fit in 12 hex digits.
MAX_MILLIS: Final = 16**12

_EPOCH: Final = datetime(1970, 1, 1)
_ONE_MS: Final = timedelta(milliseconds=1)
_VARIANT: Final = np.frombuffer(b"89ab", dtype=np.uint8)
_EIGHT: Final = ord("8")


def epoch_millis(received_at: datetime) -> int:
    """Milliseconds since 1970-01-01 UTC, floored, computed with integer arithmetic.

    A naive ``datetime`` is taken as UTC; an aware one is converted to UTC. Sub-millisecond
    digits (microseconds, and nanoseconds of a pandas ``Timestamp``) are dropped by flooring.
    """
    offset = received_at.utcoffset()
    naive = received_at.replace(tzinfo=None)
    # timedelta // timedelta is exact integer floor division (no float involved).
    delta = naive - _EPOCH
    if offset is not None:
        delta -= offset
    millis: int = delta // _ONE_MS
    # A pandas Timestamp subtraction gives a Timedelta whose floor division is also exact,
    # but may return a numpy integer; normalise to int.
    return int(millis)


def _checked_millis(millis: Sequence[int] | np.ndarray, count: int) -> np.ndarray:
    """The millisecond counts as int64, or ValueError when one is out of the 12-hex range."""
    try:
        values = np.asarray(millis, dtype=np.int64)
    except OverflowError:
        raise ValueError("a time needs more than 12 hex digits of milliseconds") from None
    if values.shape != (count,):
        raise ValueError(f"need as many times as event ids ({count}), got {values.shape}")
    if count:
        low, high = int(values.min()), int(values.max())
        if low < 0:
            raise ValueError(f"cannot mint a session ID for a time before 1970-01-01 ({low} ms)")
        if high >= MAX_MILLIS:
            raise ValueError(f"time {high} ms since 1970 needs more than 12 hex digits")
    return values


def _digests(event_ids: Sequence[str]) -> np.ndarray:
    """The MD5 of ``HASH_PREFIX + event_id`` (UTF-8) of each id, as (n, 16) bytes."""
    prefix = HASH_PREFIX.encode("utf-8")
    try:
        joined = b"".join(
            hashlib.md5(prefix + event_id.encode("utf-8"), usedforsecurity=False).digest()
            for event_id in event_ids
        )
    except UnicodeEncodeError as exc:
        raise ValueError(f"event_id is not encodable as UTF-8: {exc.reason}") from exc
    except AttributeError:
        raise TypeError("every event_id must be a str") from None
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, 16)


def minted_id_chars(event_ids: Sequence[str], millis: Sequence[int] | np.ndarray) -> np.ndarray:
    """THE implementation of the rule: the minted IDs as an (n, 36) array of ASCII codes.

    ``millis[i]`` is the floored millisecond count of event ``event_ids[i]``. Raises
    ``ValueError`` when a count is negative or needs more than 12 hex digits, when an id
    cannot be encoded as UTF-8 (a lone surrogate), or when the lengths differ.
    """
    times = _checked_millis(millis, len(event_ids))
    raw = _digests(event_ids)
    h = np.empty((raw.shape[0], 32), dtype=np.uint8)  # the hex digest
    h[:, 0::2] = HEX_DIGITS[raw >> 4]
    h[:, 1::2] = HEX_DIGITS[raw & 0xF]
    t = hex_chars(times, 12)
    v = _VARIANT[raw[:, 1] & 3]  # "89ab"[int(h[3], 16) & 3]; h[3] is byte 1's low nibble
    # t[0:8] t[8:12] '8' h[0:3] v h[4:7] h[7:19], dashed 8-4-4-4-12
    body = np.concatenate(
        [t, np.full((len(t), 1), _EIGHT, np.uint8), h[:, 0:3], v[:, None], h[:, 4:19]], axis=1
    )
    return dash_join(body, (8, 4, 4, 4, 12))


def mint_many_from_millis(
    event_ids: Sequence[str], millis: Sequence[int] | np.ndarray
) -> list[str]:
    """:func:`mint_from_millis` of many events at once (same text, byte for byte)."""
    return rows_text(minted_id_chars(event_ids, millis))


def mint_from_millis(event_id: str, millis: int) -> str:
    """Mint the session ID of ``event_id`` from an already computed millisecond count.

    Raises ``ValueError`` when ``millis`` is negative or needs more than 12 hex digits, or
    when ``event_id`` cannot be encoded as UTF-8 (it contains a lone surrogate).
    """
    return mint_many_from_millis([event_id], [millis])[0]


def _check_types(event_id: object, received_at: object) -> None:
    if not isinstance(event_id, str):
        raise TypeError(f"event_id must be str, not {type(event_id).__name__}")
    if not isinstance(received_at, datetime):
        raise TypeError(f"received_at must be a datetime, not {type(received_at).__name__}")


def mint_session_ids(event_ids: Sequence[str], received_ats: Sequence[datetime]) -> list[str]:
    """:func:`mint_session_id` of many events at once (pairs ``event_ids[i]``,
    ``received_ats[i]``)."""
    for event_id, received_at in zip(event_ids, received_ats, strict=False):
        _check_types(event_id, received_at)
    return mint_many_from_millis(event_ids, [epoch_millis(moment) for moment in received_ats])


def mint_session_id(event_id: str, received_at: datetime) -> str:
    """Mint the deterministic session ID for event ``event_id`` received at ``received_at``.

    ``received_at`` may be naive (taken as UTC) or aware (converted to UTC). Raises
    ``ValueError`` for times before 1970-01-01 UTC or beyond the 12-hex-digit range, and for
    event ids that cannot be encoded as UTF-8.

    >>> from datetime import datetime
    >>> mint_session_id("ev_0001", datetime(2026, 11, 1, 12, 0, 0, 123000))
    '01a196fb-167b-8fc8-825d-604e7d01a261'
    """
    return mint_session_ids([event_id], [received_at])[0]
