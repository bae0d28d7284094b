"""Minted IDs: the contract's worked example, UUIDv8 layout, time order, flooring, range."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from firstparty_sessions import ids
from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.ids import (
    MAX_MILLIS,
    epoch_millis,
    mint_from_millis,
    mint_many_from_millis,
    mint_session_id,
    mint_session_ids,
)
from firstparty_sessions.validation import normalize_session_id

from ._helpers import EXAMPLE_EVENT_ID, EXAMPLE_ID

EPOCH = datetime(1970, 1, 1)
event_ids = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
moments = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31, 23, 59))


def time_part(session_id: str) -> str:
    return session_id[0:8] + session_id[9:13]


def test_spec_worked_example() -> None:
    moment = datetime(2026, 11, 1, 12, 0, 0, 123000)
    assert mint_session_id(EXAMPLE_EVENT_ID, moment) == EXAMPLE_ID


def test_worked_example_from_first_principles() -> None:
    h = hashlib.md5(b"firstparty-session:ev_0001").hexdigest()
    millis = (datetime(2026, 11, 1, 12, 0, 0, 123000) - EPOCH) // timedelta(milliseconds=1)
    t = f"{millis:012x}"
    v = "89ab"[int(h[3], 16) & 3]
    expected = f"{t[:8]}-{t[8:12]}-8{h[0:3]}-{v}{h[4:7]}-{h[7:19]}"
    assert expected == EXAMPLE_ID


@given(event_ids, moments)
def test_layout_is_an_rfc9562_version_8_uuid(event_id: str, moment: datetime) -> None:
    minted = mint_session_id(event_id, moment)
    assert normalize_session_id(minted) == minted  # canonical lowercase form
    parsed = uuid.UUID(minted)
    assert parsed.variant == uuid.RFC_4122
    assert parsed.version == 8
    assert minted[14] == "8"
    assert minted[19] in "89ab"
    # the top 48 bits are the millisecond count
    assert parsed.int >> 80 == (moment - EPOCH) // timedelta(milliseconds=1)
    # the hash bits come from h = md5("firstparty-session:" + E)
    h = hashlib.md5(("firstparty-session:" + event_id).encode()).hexdigest()
    variant = "89ab"[int(h[3], 16) & 3]
    assert minted.replace("-", "")[12:] == "8" + h[0:3] + variant + h[4:7] + h[7:19]


@given(event_ids, event_ids, moments, moments)
def test_later_millisecond_sorts_later(
    first_id: str, second_id: str, a: datetime, b: datetime
) -> None:
    millis_a = epoch_millis(a)
    millis_b = epoch_millis(b)
    assume(millis_a != millis_b)
    earlier, later = (a, b) if millis_a < millis_b else (b, a)
    assert mint_session_id(first_id, earlier) < mint_session_id(second_id, later)


@pytest.mark.parametrize(
    ("moment", "millis"),
    [
        (datetime(1970, 1, 1), 0),
        (datetime(1970, 1, 1, 0, 0, 0, 999), 0),
        (datetime(1970, 1, 1, 0, 0, 0, 1000), 1),
        (datetime(2026, 11, 1, 12, 0, 0, 123999), 1793534400123),
        (datetime(2026, 11, 1, 12, 0, 0, 999999), 1793534400999),
        (datetime(2026, 11, 1, 12, 0, 1), 1793534401000),
    ],
)
def test_milliseconds_are_floored(moment: datetime, millis: int) -> None:
    assert epoch_millis(moment) == millis
    assert time_part(mint_session_id("e", moment)) == f"{millis:012x}"


def test_sub_millisecond_digits_do_not_change_the_id() -> None:
    base = datetime(2026, 11, 1, 12, 0, 0, 123000)
    assert mint_session_id(EXAMPLE_EVENT_ID, base.replace(microsecond=123999)) == EXAMPLE_ID
    assert mint_session_id(EXAMPLE_EVENT_ID, base.replace(microsecond=124000)) != EXAMPLE_ID
    nanos = pd.Timestamp("2026-11-01 12:00:00.123999999")
    assert mint_session_id(EXAMPLE_EVENT_ID, nanos) == EXAMPLE_ID


def test_millisecond_boundary_at_the_second() -> None:
    before = mint_session_id("e", datetime(2026, 1, 1, 0, 0, 0, 999999))
    after = mint_session_id("e", datetime(2026, 1, 1, 0, 0, 1))
    assert time_part(after) == f"{int(time_part(before), 16) + 1:012x}"


def test_deterministic_and_event_id_sensitive() -> None:
    moment = datetime(2026, 11, 1, 12, 0, 0, 123000)
    assert mint_session_id("ev_0001", moment) == mint_session_id("ev_0001", moment)
    assert mint_session_id("ev_0002", moment) != mint_session_id("ev_0001", moment)
    # the event id is hashed exactly as given: no trimming, case-sensitive
    assert mint_session_id(" ev_0001", moment) != mint_session_id("ev_0001", moment)
    assert mint_session_id("EV_0001", moment) != mint_session_id("ev_0001", moment)


def test_unicode_event_ids_are_hashed_as_utf8() -> None:
    moment = datetime(2026, 11, 1)
    h = hashlib.md5("firstparty-session:évènement-😀".encode()).hexdigest()
    assert mint_session_id("évènement-😀", moment).endswith(h[7:19])


def test_naive_is_utc_and_aware_values_are_converted() -> None:
    naive = datetime(2026, 11, 1, 12, 0, 0, 123000)
    assert mint_session_id("e", naive) == mint_session_id("e", naive.replace(tzinfo=UTC))
    plus = timezone(timedelta(hours=5, minutes=30))
    assert mint_session_id("e", naive) == mint_session_id(
        "e", datetime(2026, 11, 1, 17, 30, 0, 123000, tzinfo=plus)
    )
    minus = timezone(-timedelta(hours=8))
    assert mint_session_id("e", naive) == mint_session_id(
        "e", datetime(2026, 11, 1, 4, 0, 0, 123456, tzinfo=minus)
    )
    paris = pd.Timestamp("2026-11-01 13:00:00.123", tz="Europe/Paris")
    assert mint_session_id(EXAMPLE_EVENT_ID, paris) == EXAMPLE_ID


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1969, 12, 31, 23, 59, 59, 999999),
        datetime(1, 1, 1),
        datetime(1970, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
    ],
)
def test_before_1970_raises(moment: datetime) -> None:
    with pytest.raises(ValueError, match="before 1970"):
        mint_session_id("e", moment)


def test_range_edges() -> None:
    assert mint_session_id("e", datetime(1970, 1, 1)).startswith("00000000-0000-8")
    top = mint_session_id("e", datetime(9999, 12, 31, 23, 59, 59, 999999))
    assert time_part(top) == f"{epoch_millis(datetime(9999, 12, 31, 23, 59, 59, 999999)):012x}"
    assert mint_from_millis("e", MAX_MILLIS - 1).startswith("ffffffff-ffff-8")
    with pytest.raises(ValueError, match="12 hex digits"):
        mint_from_millis("e", MAX_MILLIS)
    with pytest.raises(ValueError, match="before 1970"):
        mint_from_millis("e", -1)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="UTF-8"):
        mint_session_id("\ud800", datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        mint_session_id(1, datetime(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mint_session_id("e", "2026-01-01")  # type: ignore[arg-type]


def first_principles(event_id: str, millis: int) -> str:
    h = hashlib.md5(("firstparty-session:" + event_id).encode()).hexdigest()
    t = f"{millis:012x}"
    v = "89ab"[int(h[3], 16) & 3]
    return f"{t[:8]}-{t[8:12]}-8{h[0:3]}-{v}{h[4:7]}-{h[7:19]}"


MANY_IDS = ["ev_0001", "évènement-3", "ev_\U0001f600_1", " x ", "", *map(str, range(300))]
MANY_MILLIS = [1_793_534_400_123, 0, MAX_MILLIS - 1, 123_456_789, 5, *range(300)]


def test_many_at_once_follow_the_rule() -> None:
    expected = [first_principles(e, m) for e, m in zip(MANY_IDS, MANY_MILLIS, strict=True)]
    assert mint_many_from_millis(MANY_IDS, np.array(MANY_MILLIS)) == expected
    assert mint_many_from_millis(MANY_IDS, MANY_MILLIS) == expected
    assert mint_many_from_millis([], []) == []


def test_mint_session_ids_of_datetimes() -> None:
    millis = [1_793_534_400_123, 0, 123_456_789, 5]
    moments = [EPOCH + timedelta(milliseconds=m, microseconds=999) for m in millis]
    expected = [first_principles(e, m) for e, m in zip(MANY_IDS, millis, strict=False)]
    assert mint_session_ids(MANY_IDS[:4], moments) == expected
    assert mint_session_ids([EXAMPLE_EVENT_ID], [datetime(2026, 11, 1, 12, 0, 0, 123000)]) == [
        EXAMPLE_ID
    ]


@pytest.mark.parametrize(
    ("event_ids", "millis", "match"),
    [
        (["a", "b"], [5, -1], "before 1970"),
        (["a", "b"], [5, MAX_MILLIS], "12 hex digits"),
        (["a", "b"], [5, 10**30], "12 hex digits"),
        (["a", "\ud800"], [5, 6], "UTF-8"),
        (["a"], [5, 6], "as many"),
    ],
)
def test_many_at_once_refuse_what_one_at_a_time_refuses(
    event_ids: list[str], millis: list[int], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        mint_many_from_millis(event_ids, millis)


def test_the_generator_mints_through_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = ids.minted_id_chars

    def counting(event_ids: Sequence[str], millis: Sequence[int] | np.ndarray) -> np.ndarray:
        calls.append(len(event_ids))
        return original(event_ids, millis)

    monkeypatch.setattr(ids, "minted_id_chars", counting)
    generate_raw_events(400, 1)
    assert calls  # the visits' IDs were minted by ids.minted_id_chars
