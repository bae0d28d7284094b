"""received_at parsing: the grammar, truncation, offsets, calendar checks and the range."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from firstparty_sessions.timestamps import format_received_at, parse_received_at


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01", datetime(2026, 11, 1)),
        ("2026-11-01 12:34", datetime(2026, 11, 1, 12, 34)),
        ("2026-11-01T12:34", datetime(2026, 11, 1, 12, 34)),
        ("2026-11-01 12:34:56", datetime(2026, 11, 1, 12, 34, 56)),
        ("2026-11-01 12:00:00.1", datetime(2026, 11, 1, 12, 0, 0, 100000)),
        ("2026-11-01 12:00:00.123", datetime(2026, 11, 1, 12, 0, 0, 123000)),
        ("2026-11-01 12:00:00.123456", datetime(2026, 11, 1, 12, 0, 0, 123456)),
        # 7 to 9 fractional digits are truncated, never rounded
        ("2026-11-01 12:00:00.1234567", datetime(2026, 11, 1, 12, 0, 0, 123456)),
        ("2026-11-01 12:00:00.12345678", datetime(2026, 11, 1, 12, 0, 0, 123456)),
        ("2026-11-01 12:00:00.999999999", datetime(2026, 11, 1, 12, 0, 0, 999999)),
        ("2026-11-01 12:00:00.000000001", datetime(2026, 11, 1, 12, 0, 0, 0)),
        ("2026-11-01T12:00:00Z", datetime(2026, 11, 1, 12)),
        ("2026-11-01 12:00:00+00", datetime(2026, 11, 1, 12)),
        ("2026-11-01 12:00:00-00:00", datetime(2026, 11, 1, 12)),
        ("2026-11-01 12:00:00+01", datetime(2026, 11, 1, 11)),
        ("2026-11-01 12:00:00+0530", datetime(2026, 11, 1, 6, 30)),
        ("2026-11-01 12:00:00+05:30", datetime(2026, 11, 1, 6, 30)),
        ("2026-11-01 12:00:00.5-08:00", datetime(2026, 11, 1, 20, 0, 0, 500000)),
        ("2026-11-01T23:30-01:00", datetime(2026, 11, 2, 0, 30)),
        ("2026-11-01 00:30+01:00", datetime(2026, 10, 31, 23, 30)),
        ("2026-11-01 12:00+23:59", datetime(2026, 10, 31, 12, 1)),
        ("2024-02-29", datetime(2024, 2, 29)),
        ("2000-02-29 23:59:59.999999", datetime(2000, 2, 29, 23, 59, 59, 999999)),
        ("1970-01-01 00:00:00", datetime(1970, 1, 1)),
        ("1970-01-01T01:00+01:00", datetime(1970, 1, 1)),
        ("1969-12-31T23:30-01:00", datetime(1970, 1, 1, 0, 30)),
        ("9999-12-31 23:59:59.999999", datetime(9999, 12, 31, 23, 59, 59, 999999)),
        ("9999-12-31T23:59:59.999999999Z", datetime(9999, 12, 31, 23, 59, 59, 999999)),
        ("9999-12-31T23:00+05:00", datetime(9999, 12, 31, 18)),
    ],
)
def test_event_times(text: str, expected: datetime) -> None:
    assert parse_received_at(text) == (expected, None)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2025-02-29",
        "2026-04-31 00:00:00",
        "2026-13-01",
        "2026-00-10",
        "2026-11-00",
        "0000-01-01",
        "0000-01-01 00:00:00+00",
        "2026-11-01 24:00",
        "2026-11-01 24:00:00",
        "2026-11-01 12:60",
        "2026-11-01 12:00:60",
        "2026-11-01 12:00:00+24:00",
        "2026-11-01 12:00:00+05:60",
        "2026-11-01 12:00:00.",
        "2026-11-01 12:00:00.1234567890",
        "2026-11-01 12",
        # an offset only after a time
        "2026-11-01Z",
        "2026-11-01+02",
        "2026-11-01+02:00",
        "2026-11-01-0500",
        "1969-12-31Z",
        "2026-11-01T",
        "2026-11-01 12:00:00 ",
        " 2026-11-01 12:00:00",
        "2026-11-01\t12:00:00",
        "2026-11-01t12:00:00",
        "2026-11-01 12:00:00z",
        "2026-11-01 12:00:00 +01:00",
        "2026-11-01 12:00:00 UTC",
        "2026-11-01 12:00:00+5",
        "2026-11-01 12:00:00+05:3",
        "2026-11-01 12:00:00+053",
        "2026-11-01 12:00:00+05:30:00",
        "2026-11-01 12:00:00Z+01",
        "2026-1-01",
        "26-11-01",
        "12026-11-01",
        "+2026-11-01",
        "2026/11/01",
        "20261101",
        "2026-11-01 12:00:00.123\n",
        "\uff12026-11-01",  # fullwidth digit
        "\u0662\u0660\u0662\u0666-11-01",  # Arabic-Indic digits
        "2026-11-01 1\u0662:00",
        "yesterday",
        "NaT",
        "1793534400123",
    ],
)
def test_unparseable(text: str) -> None:
    assert parse_received_at(text) == (None, "unparseable_received_at")


@pytest.mark.parametrize(
    "text",
    [
        "1969-12-31 23:59:59.999999",
        "1969-12-31T23:59:59.9999999",
        "1900-01-01",
        "0001-01-01",
        "1970-01-01T00:59:59.999999+01:00",
        "1970-01-01T00:00+00:01",
        # applying the offset leaves the datetime range
        "9999-12-31T23:00-05:00",
        "9999-12-31T23:59:59.999999-00:01",
        "0001-01-01T00:00+01:00",
    ],
)
def test_out_of_range(text: str) -> None:
    assert parse_received_at(text) == (None, "received_at_out_of_range")


@pytest.mark.parametrize("value", [None, "", pd.NaT])
def test_missing(value: str | None) -> None:
    assert parse_received_at(value) == (None, "missing_received_at")


def test_whitespace_only_is_not_missing_but_unparseable() -> None:
    assert parse_received_at(" ") == (None, "unparseable_received_at")


def test_datetime_values_are_formatted_first() -> None:
    naive = datetime(2026, 11, 1, 12, 0, 0, 123456)
    assert format_received_at(naive) == "2026-11-01 12:00:00.123456"
    assert parse_received_at(naive) == (naive, None)
    aware = datetime(2026, 11, 1, 13, 0, 0, 123456, tzinfo=timezone(timedelta(hours=1)))
    assert format_received_at(aware) == "2026-11-01 13:00:00.123456+01:00"
    assert parse_received_at(aware) == (naive, None)
    assert parse_received_at(naive.replace(tzinfo=UTC)) == (naive, None)
    stamp = pd.Timestamp("2026-11-01 12:00:00.123456789")
    assert format_received_at(stamp) == "2026-11-01 12:00:00.123456"
    assert parse_received_at(stamp) == (naive, None)
    tz_stamp = pd.Timestamp("2026-11-01 07:00:00.123456789", tz="America/New_York")
    assert parse_received_at(tz_stamp) == (naive, None)
    assert format_received_at(datetime(5, 1, 2)) == "0005-01-02 00:00:00.000000"
    assert parse_received_at(datetime(1969, 12, 31)) == (None, "received_at_out_of_range")


def test_odd_offsets_of_aware_values() -> None:
    seconds = timezone(timedelta(minutes=19, seconds=32))
    value = datetime(2026, 1, 1, 0, 19, 32, tzinfo=seconds)
    assert format_received_at(value) == "2026-01-01 00:00:00.000000"
    impossible = datetime(1, 1, 1, tzinfo=seconds)
    assert parse_received_at(impossible) == (None, "unparseable_received_at")


def test_type_error() -> None:
    with pytest.raises(TypeError):
        parse_received_at(1793534400)  # type: ignore[arg-type]


offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9998, 12, 31)),
    offsets,
    st.sampled_from(["T", " "]),
    st.booleans(),
)
def test_offsets_roundtrip(local: datetime, offset_minutes: int, sep: str, colon: bool) -> None:
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    offset_text = f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"
    text = local.strftime(f"%Y-%m-%d{sep}%H:%M:%S.%f") + offset_text
    expected = local - timedelta(minutes=offset_minutes)
    assert parse_received_at(text) == (expected, None)


@given(st.datetimes(min_value=datetime(1970, 1, 1)), st.text(alphabet="0123456789", max_size=3))
def test_extra_fraction_digits_truncate(moment: datetime, extra: str) -> None:
    text = format_received_at(moment) + extra
    assert parse_received_at(text) == (moment, None)
