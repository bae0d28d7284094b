"""Deterministic minted session IDs (SPEC "Minted IDs").

For an event with id ``E`` received at ``T``:

* ``h`` = lowercase hex MD5 of the UTF-8 bytes of ``"firstparty-session:" + E``;
* ``t`` = milliseconds since 1970-01-01 UTC of ``T`` (floored), as 12 lowercase hex digits;
* ID = ``t[0:8]-t[8:12]-8h[0:3]-v h[4:7]-h[7:19]`` with ``v = "89ab"[int(h[3], 16) & 3]``.

The result is an RFC 9562 version-8 UUID: time-ordered like UUIDv7, hash bits instead of
random bits. Collectors and the SQL macro must agree with this function byte for byte.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Final

__all__ = ["HASH_PREFIX", "MAX_MILLIS", "epoch_millis", "mint_from_millis", "mint_session_id"]

#: Prefix hashed in front of the event id.
HASH_PREFIX: Final = "firstparty-session:"
#: Exclusive upper bound of the millisecond count: it must fit in 12 hex digits.
MAX_MILLIS: Final = 16**12

_EPOCH: Final = datetime(1970, 1, 1)
_ONE_MS: Final = timedelta(milliseconds=1)
_VARIANT: Final = "89ab"


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


def mint_from_millis(event_id: str, millis: int) -> str:
    """Mint the session ID of ``event_id`` from an already computed millisecond count.

    Raises ``ValueError`` when ``millis`` is negative or needs more than 12 hex digits, or
    when ``event_id`` cannot be encoded as UTF-8 (it contains a lone surrogate).
    """
    if millis < 0:
        raise ValueError(f"cannot mint a session ID for a time before 1970-01-01 ({millis} ms)")
    if millis >= MAX_MILLIS:
        raise ValueError(f"time {millis} ms since 1970 needs more than 12 hex digits")
    try:
        data = (HASH_PREFIX + event_id).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"event_id is not encodable as UTF-8: {exc.reason}") from exc
    h = hashlib.md5(data, usedforsecurity=False).hexdigest()
    t = format(millis, "012x")
    v = _VARIANT[int(h[3], 16) & 3]
    return f"{t[0:8]}-{t[8:12]}-8{h[0:3]}-{v}{h[4:7]}-{h[7:19]}"


def mint_session_id(event_id: str, received_at: datetime) -> str:
    """Mint the deterministic session ID for event ``event_id`` received at ``received_at``.

    ``received_at`` may be naive (taken as UTC) or aware (converted to UTC). Raises
    ``ValueError`` for times before 1970-01-01 UTC or beyond the 12-hex-digit range, and for
    event ids that cannot be encoded as UTF-8.

    >>> from datetime import datetime
    >>> mint_session_id("ev_0001", datetime(2026, 11, 1, 12, 0, 0, 123000))
    '01a196fb-167b-8fc8-825d-604e7d01a261'
    """
    if not isinstance(event_id, str):
        raise TypeError(f"event_id must be str, not {type(event_id).__name__}")
    if not isinstance(received_at, datetime):
        raise TypeError(f"received_at must be a datetime, not {type(received_at).__name__}")
    return mint_from_millis(event_id, epoch_millis(received_at))
