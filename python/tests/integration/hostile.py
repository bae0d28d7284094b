"""Raw rows that are malformed, huge or hostile, each with the outcome the rules give."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ANA = "01a196fb-167b-8fc8-825d-604e7d01a261"
SERVER = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
BIG = 100_000


@dataclass(frozen=True)
class HostileRow:
    name: str
    event_id: str | None
    received_at: str | None
    payload: str | None
    cookie: str | None
    # "reject:<reason>" or "<resolved_by>/<payload status>/<cookie status>"
    outcome: str


HOSTILE_ROWS = (
    HostileRow(
        "truncated_json",
        "h01",
        "2026-11-01 12:00:00",
        '{"session_id": "' + ANA + '"',
        None,
        "minted/invalid_json/absent",
    ),
    HostileRow(
        "array_payload",
        "h02",
        "2026-11-01 12:00:00",
        f'["{ANA}"]',
        None,
        "minted/not_an_object/absent",
    ),
    HostileRow(
        "number_payload", "h03", "2026-11-01 12:00:00", "42", None, "minted/not_an_object/absent"
    ),
    HostileRow(
        "session_number",
        "h04",
        "2026-11-01 12:00:00",
        '{"session_id": 42}',
        None,
        "minted/not_a_string/absent",
    ),
    HostileRow(
        "session_list",
        "h05",
        "2026-11-01 12:00:00",
        f'{{"session_id": ["{ANA}"]}}',
        None,
        "minted/not_a_string/absent",
    ),
    HostileRow(
        "session_null",
        "h06",
        "2026-11-01 12:00:00",
        '{"session_id": null}',
        None,
        "minted/null/absent",
    ),
    HostileRow(
        "session_empty",
        "h07",
        "2026-11-01 12:00:00",
        '{"session_id": ""}',
        None,
        "minted/malformed/absent",
    ),
    HostileRow(
        "session_100kb",
        "h08",
        "2026-11-01 12:00:00",
        '{"session_id": "' + "a" * BIG + '"}',
        None,
        "minted/malformed/absent",
    ),
    HostileRow(
        "payload_100kb_valid_session",
        "h09",
        "2026-11-01 12:00:00",
        '{"session_id": "' + ANA + '", "properties": {"blob": "' + "x" * BIG + '"}}',
        None,
        "payload/valid/absent",
    ),
    HostileRow(
        "escaped_control_in_session",
        "h10",
        "2026-11-01 12:00:00",
        '{"session_id": "' + ANA + '\\u0000"}',
        None,
        "minted/malformed/absent",
    ),
    HostileRow(
        "raw_control_in_json",
        "h11",
        "2026-11-01 12:00:00",
        '{"session_id": "\x01' + ANA + '"}',
        None,
        "minted/invalid_json/absent",
    ),
    HostileRow(
        "unicode_event_id",
        "事件-😀-\u0301",
        "2026-11-01 12:00:00",
        '{"event": "页面"}',
        None,
        "minted/absent/absent",
    ),
    HostileRow(
        "sql_event_id",
        "'; drop table sessions; --",
        "2026-11-01 12:00:00",
        "' or 1=1 --",
        None,
        "minted/invalid_json/absent",
    ),
    HostileRow(
        "cookie_100kb_fsid_last",
        "h14",
        "2026-11-01 12:00:00",
        None,
        "a=" + "b" * BIG + "; fsid=" + SERVER,
        "cookie/no_payload/valid",
    ),
    HostileRow(
        "cookie_control_chars",
        "h15",
        "2026-11-01 12:00:00",
        "{}",
        "\x01\x02; fsid=\x1f" + SERVER + "; fsid=" + SERVER.upper(),
        "cookie/absent/valid",
    ),
    HostileRow(
        "cookie_unicode_garbage",
        "h16",
        "2026-11-01 12:00:00",
        "{}",
        "fsid=😀; ﬁsid=" + SERVER,
        "minted/absent/malformed",
    ),
    HostileRow(
        "missing_event_id", None, "2026-11-01 12:00:00", "{}", None, "reject:missing_event_id"
    ),
    HostileRow(
        "blank_event_id", " \t ", "2026-11-01 12:00:00", "{}", None, "reject:missing_event_id"
    ),
    HostileRow("missing_received_at", "h19", None, "{}", None, "reject:missing_received_at"),
    HostileRow(
        "garbage_received_at",
        "h20",
        "2026-13-45 99:99",
        "{}",
        None,
        "reject:unparseable_received_at",
    ),
    HostileRow(
        "received_before_1970",
        "h21",
        "1969-12-31 23:59:59.999999",
        "{}",
        None,
        "reject:received_at_out_of_range",
    ),
    HostileRow(
        "sql_received_at", "h22", "2026-11-01'; --", "{}", None, "reject:unparseable_received_at"
    ),
)


def hostile_frame() -> pd.DataFrame:
    """The hostile rows as raw event rows (source src_hostile), every column text."""
    return pd.DataFrame(
        [
            {
                "event_id": row.event_id,
                "source_id": "src_hostile",
                "source_type": "http",
                "received_at": row.received_at,
                "payload": row.payload,
                "cookie": row.cookie,
            }
            for row in HOSTILE_ROWS
        ],
        dtype=object,
    )
