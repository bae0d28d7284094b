"""Comparing the dbt outputs with the pandas reference resolver, row for row."""

from __future__ import annotations

import pandas as pd

from firstparty_sessions.reference import (
    EVENT_SESSION_COLUMNS,
    REJECTED_EVENT_COLUMNS,
    SESSION_COLUMNS,
    ReferenceOutputs,
)

from .dbt_project import SORT_KEYS, as_records

COLUMNS = {
    "event_sessions": EVENT_SESSION_COLUMNS,
    "sessions": SESSION_COLUMNS,
    "rejected_events": REJECTED_EVENT_COLUMNS,
}


def assert_outputs_equal(dbt_outputs: dict[str, pd.DataFrame], reference: ReferenceOutputs) -> None:
    """Every output relation holds exactly the reference's rows, column for column."""
    for name, columns in COLUMNS.items():
        assert list(dbt_outputs[name].columns[-len(columns) :]) == list(columns), name
        actual = as_records(dbt_outputs[name], columns, SORT_KEYS[name])
        expected = as_records(getattr(reference, name), columns, SORT_KEYS[name])
        assert len(actual) == len(expected), (
            f"{name}: {len(actual)} rows, reference {len(expected)}"
        )
        differences = [(a, e) for a, e in zip(actual, expected, strict=True) if a != e]
        assert not differences, (
            f"{name}: {len(differences)} rows differ (dbt, reference), e.g. {differences[:3]}"
        )
