"""Raw rows made to trip each anomaly check, and what each check must report on them.

Every row is written here from a plan, so the expected findings follow from the plan, not
from any output:

- `src_shift` (javascript): 30 events a day from 2026-03-01 to 03-08, each with a valid
  `fsid` cookie (minted share 0), then on 03-09 30 events with no session at all
  (minted share 1): the minted share jumps.
- `src_partner` (http): 30 events a day with a valid payload session_id and a valid
  cookie, then on 03-09 payloads whose session_id is not a UUID (still a valid cookie, so
  nothing is minted): the broken-payload share jumps, the minted share does not.
- `src_server` (http): one constant payload session_id on 25 events over three days (past
  an event limit of 20), and one cookie session of two events ten days apart (past 7
  days).
- `src_rejects` (http): on 03-05, 20 events and 5 rows without an event_id (a reject share
  of 5 / 25 = 0.2, above 0.05).
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

import pandas as pd

#: The vars the checks run with here (the others keep their defaults).
VARS = {"anomaly_max_session_events": 20}
CONSTANT_SESSION = "5b1e8a52-3c1f-4b6e-9d7a-2f0c4e6a8b10"
LONG_COOKIE_SESSION = "7c2f9b63-4d20-4c7f-8e8b-301d5f7b9c21"
#: (report_date, source_id, share_of) the share-jump check must report.
SHARE_JUMPS = {
    ("2026-03-09", "src_shift", "minted_share_jump"),
    ("2026-03-09", "src_partner", "payload_broken_share_jump"),
}
#: Sessions the long-session check must report: (session_id, which limit).
LONG_SESSIONS = {(CONSTANT_SESSION, "session_events"), (LONG_COOKIE_SESSION, "session_days")}
#: (report_date, source_id) the reject-share check must report.
REJECT_SHARES = {("2026-03-05", "src_rejects")}
#: Counts the health model must hold: (report_date, source_id) -> column -> value.
HEALTH = {
    ("2026-03-09", "src_shift"): {"events": 30, "resolved_by_minted": 30, "cookie_absent": 30},
    ("2026-03-09", "src_partner"): {
        "events": 30,
        "payload_malformed": 30,
        "resolved_by_cookie": 30,
    },
    ("2026-03-05", "src_rejects"): {"events": 20, "rejects": 5, "rejects_missing_event_id": 5},
    ("2026-03-01", "src_server"): {"new_sessions": 2, "new_sessions_past_thresholds": 2},
}


def anomaly_raw_events() -> pd.DataFrame:
    rng = random.Random(11)
    rows: list[dict[str, str | None]] = []

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def add(
        source_id: str, source_type: str, at: datetime, payload: str, cookie: str | None
    ) -> None:
        rows.append(
            {
                "event_id": f"ev_{len(rows):05d}",
                "source_id": source_id,
                "source_type": source_type,
                "received_at": at.isoformat(sep=" "),
                "payload": payload,
                "cookie": cookie,
            }
        )

    for day in range(1, 10):
        for n in range(30):
            at = datetime(2026, 3, day, 9) + timedelta(minutes=n)
            cookie = None if day == 9 else f"fsid={new_id()}"
            add("src_shift", "javascript", at, '{"event": "page_view"}', cookie)
            session = "not-a-uuid" if day == 9 else new_id()
            add(
                "src_partner",
                "http",
                at,
                f'{{"event": "app_open", "session_id": "{session}"}}',
                f"fsid={new_id()}",
            )
    for n in range(25):
        at = datetime(2026, 3, 1 + n % 3, 12) + timedelta(minutes=n)
        add(
            "src_server",
            "http",
            at,
            f'{{"event": "sync", "session_id": "{CONSTANT_SESSION}"}}',
            None,
        )
    for day in (1, 11):
        add(
            "src_server",
            "http",
            datetime(2026, 3, day, 8),
            '{"event": "visit"}',
            f"fsid={LONG_COOKIE_SESSION}",
        )
    for n in range(20):
        add("src_rejects", "http", datetime(2026, 3, 5, 10, n), '{"event": "ping"}', None)
    frame = pd.DataFrame(rows)
    rejects = frame[frame["source_id"] == "src_rejects"].head(5).copy()
    rejects["event_id"] = None
    return pd.concat([frame, rejects], ignore_index=True)
