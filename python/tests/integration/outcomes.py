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

#: The marts' day columns (Spark's partitions), not in the reference: the UTC date of a
#: timestamp column, which the reference's outputs get here to be compared.
DAY_COLUMNS = {
    "event_sessions": ("received_on", "received_at"),
    "sessions": ("created_on", "created_at"),
}
#: The sessions mart's analysts' columns, not in the reference: computed here from the
#: reference's events (analysis_columns), independently of the SQL.
SESSION_ANALYSIS_COLUMNS = (
    "duration_seconds",
    "first_event_name",
    "last_event_name",
    "first_source_id",
    "first_source_type",
    "source_count",
)
COLUMNS = {
    "event_sessions": (*EVENT_SESSION_COLUMNS, "received_on"),
    "sessions": (*SESSION_COLUMNS, "created_on", *SESSION_ANALYSIS_COLUMNS),
    "rejected_events": REJECTED_EVENT_COLUMNS,
}


def analysis_columns(sessions: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """`sessions` with the analysts' columns, from the sessions' events: duration from
    first to last event, name and Source of the first and last event (by received_at,
    then event_id), number of distinct non-null source_ids."""
    ordered = events.sort_values(["received_at", "event_id"], kind="stable")
    first = ordered.drop_duplicates("session_id", keep="first").set_index("session_id")
    last = ordered.drop_duplicates("session_id", keep="last").set_index("session_id")
    sources = events.groupby("session_id")["source_id"].nunique()
    keys = sessions["session_id"]
    result = sessions.copy()
    # Whole microseconds, then one division: the exactly rounded seconds the SQL computes.
    micros = (
        (pd.to_datetime(sessions["updated_at"]) - pd.to_datetime(sessions["created_at"]))
        .to_numpy()
        .astype("timedelta64[us]")
        .astype("int64")
    )
    result["duration_seconds"] = micros / 1_000_000
    result["first_event_name"] = first["event_name"].reindex(keys).to_numpy()
    result["last_event_name"] = last["event_name"].reindex(keys).to_numpy()
    result["first_source_id"] = first["source_id"].reindex(keys).to_numpy()
    result["first_source_type"] = first["source_type"].reindex(keys).to_numpy()
    result["source_count"] = sources.reindex(keys).fillna(0).astype("int64").to_numpy()
    return result


def with_day_columns(reference: ReferenceOutputs) -> dict[str, pd.DataFrame]:
    """The reference's three outputs, with the marts' day columns and the sessions'
    analysts' columns added."""
    outputs = {name: getattr(reference, name).copy() for name in COLUMNS}
    for name, (day, moment) in DAY_COLUMNS.items():
        outputs[name][day] = pd.to_datetime(outputs[name][moment]).dt.floor("D")
    outputs["sessions"] = analysis_columns(outputs["sessions"], outputs["event_sessions"])
    return outputs


def output_differences(
    actual: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame], labels: tuple[str, str]
) -> list[str]:
    """What differs between two sets of the three outputs, every row and column compared
    (nulls of every kind alike, timestamps to the microsecond); empty when they are equal.
    `labels` name the two sides in the messages."""
    problems = []
    for name, columns in COLUMNS.items():
        wrong_columns = [
            f"{name} ({label}): columns {list(frame.columns)}"
            for label, frame in zip(labels, (actual[name], expected[name]), strict=True)
            if list(frame.columns[-len(columns) :]) != list(columns)
        ]
        if wrong_columns:
            problems.extend(wrong_columns)
            continue
        left = as_records(actual[name], columns, SORT_KEYS[name])
        right = as_records(expected[name], columns, SORT_KEYS[name])
        if len(left) != len(right):
            problems.append(f"{name}: {len(left)} rows ({labels[0]}), {len(right)} ({labels[1]})")
            continue
        differing = [(a, b) for a, b in zip(left, right, strict=True) if a != b]
        if differing:
            problems.append(
                f"{name}: {len(differing)} rows differ ({labels[0]}, {labels[1]}), "
                f"e.g. {differing[:3]}"
            )
    return problems


def assert_outputs_equal(dbt_outputs: dict[str, pd.DataFrame], reference: ReferenceOutputs) -> None:
    """Every output relation holds exactly the reference's rows, column for column."""
    problems = output_differences(dbt_outputs, with_day_columns(reference), ("dbt", "reference"))
    assert not problems, "\n".join(problems)
