"""Helpers shared by the unit tests."""

from __future__ import annotations

from typing import Any

import pandas as pd

from firstparty_sessions.reference import RAW_COLUMNS

#: The contract's worked example (docs/contract.md).
EXAMPLE_EVENT_ID = "ev_0001"
EXAMPLE_ID = "01a196fb-167b-8fc8-825d-604e7d01a261"
UUID_A = "0192b3c4-d5e6-7f80-9a1b-2c3d4e5f6a7b"
UUID_B = "11111111-2222-4333-8444-555555555555"
UUID_C = "aaaaaaaa-bbbb-4ccc-9ddd-eeeeeeeeeeee"


def raw_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """A raw DataFrame from partial rows: missing columns are null, ``source_*`` defaulted."""
    defaults: dict[str, Any] = {
        "event_id": None,
        "source_id": "src_js",
        "source_type": "javascript",
        "received_at": None,
        "payload": None,
        "cookie": None,
    }
    records = [{**defaults, **row} for row in rows]
    return pd.DataFrame(
        {name: pd.Series([r[name] for r in records], dtype=object) for name in RAW_COLUMNS}
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with NaN/NaT turned into None, for easy comparisons."""
    out: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        out.append({key: (None if _is_null(value) else value) for key, value in row.items()})
    return out


def _is_null(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
