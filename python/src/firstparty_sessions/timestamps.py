"""Parsing ``received_at`` (docs/rules.md, "received_at").

The raw value is text. It is an event time only when it matches, with nothing around it::

    YYYY-MM-DD[(T| )hh:mm[:ss[.f{1,9}]][Z|(+|-)hh[[:]mm]]]

(an offset only after a time: ``2026-11-01Z`` is unparseable) with year 0001..9999, hour
00..23, minute and second 00..59, offset hour 00..23, offset minute 00..59 and a real
calendar date. Missing time parts are zero, fractional digits past
the sixth are dropped, an offset is subtracted to give UTC, no offset means UTC. The UTC value
must lie in ``[1970-01-01, 10000-01-01)``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final, Literal

__all__ = [
    "MISSING",
    "OUT_OF_RANGE",
    "UNPARSEABLE",
    "RejectReason",
    "format_received_at",
    "parse_received_at",
]

RejectReason = Literal["missing_received_at", "unparseable_received_at", "received_at_out_of_range"]
MISSING: Final = "missing_received_at"
UNPARSEABLE: Final = "unparseable_received_at"
OUT_OF_RANGE: Final = "received_at_out_of_range"

_MIN: Final = datetime(1970, 1, 1)

# ASCII digit classes on purpose: ``\d`` would accept other Unicode digits.
_RECEIVED_AT: Final = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[T ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,9}))?)?"
    r"(?:(?P<zulu>Z)|(?P<sign>[+-])(?P<off_hour>[0-9]{2})(?::?(?P<off_minute>[0-9]{2}))?)?"
    r")?"
)


def format_received_at(value: datetime) -> str:
    """Format a ``datetime`` (or pandas ``Timestamp``) as ``received_at`` text.

    A naive value (taken as UTC) becomes ``YYYY-MM-DD HH:MM:SS.ffffff``. An aware value keeps
    its offset as ``+HH:MM`` when the offset is a whole number of minutes; otherwise it is
    first converted to UTC (and when even that is impossible the offset is written with its
    seconds, which the grammar rejects). Nanoseconds of a ``Timestamp`` are dropped.
    """
    offset = value.utcoffset()
    suffix = ""
    if offset is not None:
        sign = "-" if offset < timedelta(0) else "+"
        seconds = abs(offset) // timedelta(seconds=1)
        hours, rest = divmod(seconds, 3600)
        mins, secs = divmod(rest, 60)
        suffix = f"{sign}{hours:02d}:{mins:02d}"
        if secs or abs(offset) % timedelta(seconds=1):
            try:
                value = value.replace(tzinfo=None) - offset
                suffix = ""
            except OverflowError:
                # Not expressible in the grammar: parses as unparseable, never crashes.
                suffix += f":{secs:02d}"
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}{suffix}"
    )


def parse_received_at(
    text: str | datetime | None,
) -> tuple[datetime | None, RejectReason | None]:
    """Parse a raw ``received_at`` value.

    Returns ``(naive UTC datetime, None)`` for an event time, or ``(None, reason)`` with
    ``reason`` one of ``missing_received_at`` (null or empty), ``unparseable_received_at``
    (not of the form, or not a real date/time) or ``received_at_out_of_range`` (before
    1970-01-01 UTC or at/after 10000-01-01 UTC). A ``datetime`` argument is first formatted
    with :func:`format_received_at`; a null-like one (``NaT``) counts as missing.

    >>> parse_received_at("2026-11-01T12:00:00.1234567+01:00")
    (datetime.datetime(2026, 11, 1, 11, 0, 0, 123456), None)
    >>> parse_received_at("2026-02-30")
    (None, 'unparseable_received_at')
    """
    if text is None:
        return None, MISSING
    if isinstance(text, datetime):
        if text != text:  # pandas NaT is a datetime that is not equal to itself
            return None, MISSING
        text = format_received_at(text)
    if not isinstance(text, str):
        raise TypeError(f"received_at must be str, datetime or None, not {type(text).__name__}")
    if text == "":
        return None, MISSING
    match = _RECEIVED_AT.fullmatch(text)
    if match is None:
        return None, UNPARSEABLE
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    hour = int(match["hour"] or 0)
    minute = int(match["minute"] or 0)
    second = int(match["second"] or 0)
    fraction = match["fraction"] or ""
    microsecond = int(fraction[:6].ljust(6, "0"))
    if year < 1 or hour > 23 or minute > 59 or second > 59:
        return None, UNPARSEABLE
    try:
        local = datetime(year, month, day, hour, minute, second, microsecond)
    except ValueError:
        return None, UNPARSEABLE
    utc = local
    if match["sign"] is not None:
        off_hour = int(match["off_hour"])
        off_minute = int(match["off_minute"] or 0)
        if off_hour > 23 or off_minute > 59:
            return None, UNPARSEABLE
        offset = timedelta(hours=off_hour, minutes=off_minute)
        try:
            utc = local - offset if match["sign"] == "+" else local + offset
        except OverflowError:
            return None, OUT_OF_RANGE
    if utc < _MIN:
        return None, OUT_OF_RANGE
    return utc, None
