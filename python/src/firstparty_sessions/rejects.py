"""Which raw rows cannot be events (docs/rules.md, "Rejected rows").

The Python twin of the dbt macro ``reject_reason`` (``macros/rules/received_at.sql``): a row
is rejected when its ``event_id`` is null, empty or only :data:`~.validation.WHITESPACE`,
or when its ``received_at`` is not an event time (:func:`~.timestamps.parse_received_at`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from firstparty_sessions.timestamps import parse_received_at
from firstparty_sessions.validation import WHITESPACE

__all__ = ["MISSING_EVENT_ID", "REJECT_EXPLANATIONS", "RowRejectReason", "screen_raw_row"]

RowRejectReason = Literal[
    "missing_event_id",
    "missing_received_at",
    "unparseable_received_at",
    "received_at_out_of_range",
]
MISSING_EVENT_ID: Final = "missing_event_id"

#: Each reason in words, for messages.
REJECT_EXPLANATIONS: Final[dict[str, str]] = {
    "missing_event_id": "the event_id is missing (null, empty or only white space)",
    "missing_received_at": "received_at is missing (null or empty)",
    "unparseable_received_at": "received_at is not a date/time of the accepted form",
    "received_at_out_of_range": "received_at is before 1970-01-01 UTC or after year 9999",
}


def screen_raw_row(
    event_id: str | None, received_at: str | datetime | None
) -> tuple[datetime | None, RowRejectReason | None]:
    """Screen one raw row as the warehouse does.

    Returns ``(naive UTC received_at, None)`` for a row that is an event, or
    ``(None, reason)``; the event_id is checked first.

    >>> screen_raw_row(" \\t", "2026-11-01")
    (None, 'missing_event_id')
    >>> screen_raw_row("ev_1", "1969-12-31")
    (None, 'received_at_out_of_range')
    """
    if event_id is None or not event_id.strip(WHITESPACE):
        return None, MISSING_EVENT_ID
    return parse_received_at(received_at)
