"""The reference resolver: contract scenarios, rules edge cases, invariants and a model check."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstparty_sessions.cookies import fsid_from_cookie_header
from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.payload import read_payload
from firstparty_sessions.reference import (
    EVENT_SESSION_COLUMNS,
    REJECTED_EVENT_COLUMNS,
    SESSION_COLUMNS,
    ReferenceOutputs,
    SessionIdValidation,
    resolve,
)
from firstparty_sessions.timestamps import parse_received_at
from firstparty_sessions.validation import WHITESPACE

from ._helpers import EXAMPLE_ID, UUID_A, UUID_B, UUID_C, raw_frame, records

MODES: list[SessionIdValidation] = ["format", "known"]
T0 = "2026-11-01 12:00:00.000000"
T1 = "2026-11-01 12:00:01.000000"
T2 = "2026-11-01 12:00:02.000000"
T3 = "2026-11-01 12:00:03.000000"


def sid_payload(session_id: Any, **extra: str) -> str:
    import json

    return json.dumps({"event": "page_view", "session_id": session_id, **extra})


def event_rows(outputs: ReferenceOutputs) -> dict[str, dict[str, Any]]:
    return {row["event_id"]: row for row in records(outputs.event_sessions)}


def session_rows(outputs: ReferenceOutputs) -> dict[str, dict[str, Any]]:
    return {row["session_id"]: row for row in records(outputs.sessions)}


def minted(event_id: str, text: str) -> str:
    moment, _ = parse_received_at(text)
    assert moment is not None
    return mint_session_id(event_id, moment)


def assert_same_outputs(left: ReferenceOutputs, right: ReferenceOutputs) -> None:
    pd.testing.assert_frame_equal(left.event_sessions, right.event_sessions)
    pd.testing.assert_frame_equal(left.sessions, right.sessions)
    pd.testing.assert_frame_equal(left.rejected_events, right.rejected_events)


# --- shape ---------------------------------------------------------------------------------


def test_output_columns_and_dtypes() -> None:
    out = resolve(raw_frame({"event_id": "e1", "received_at": T0}, {"event_id": None}))
    assert tuple(out.event_sessions.columns) == EVENT_SESSION_COLUMNS
    assert tuple(out.sessions.columns) == SESSION_COLUMNS
    assert tuple(out.rejected_events.columns) == REJECTED_EVENT_COLUMNS
    assert str(out.event_sessions["received_at"].dtype) == "datetime64[us]"
    assert str(out.event_sessions["delivery_count"].dtype) == "int64"
    assert str(out.sessions["created_at"].dtype) == "datetime64[us]"
    assert str(out.sessions["updated_at"].dtype) == "datetime64[us]"
    assert str(out.sessions["event_count"].dtype) == "int64"
    assert str(out.sessions["is_cross_source"].dtype) == "bool"
    for frame in (out.event_sessions, out.sessions, out.rejected_events):
        for name in frame.columns:
            if frame[name].dtype == object:
                assert all(v is None or isinstance(v, str) for v in frame[name])


def test_empty_input() -> None:
    out = resolve(raw_frame())
    assert out.event_sessions.empty
    assert out.sessions.empty
    assert out.rejected_events.empty
    assert tuple(out.event_sessions.columns) == EVENT_SESSION_COLUMNS
    assert str(out.sessions["created_at"].dtype) == "datetime64[us]"


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="session_id_validation"):
        resolve(raw_frame(), "strict")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cookie"):
        resolve(raw_frame().drop(columns=["cookie"]))
    with pytest.raises(TypeError, match="event_id"):
        resolve(raw_frame({"event_id": 12, "received_at": T0}))
    with pytest.raises(TypeError):
        resolve([])


# --- resolution precedence ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "cookie", "resolved_by", "payload_status", "cookie_status"),
    [
        (sid_payload(UUID_A), f"fsid={UUID_B}", "payload", "valid", "valid"),
        (sid_payload(UUID_A.upper()), None, "payload", "valid", "absent"),
        (sid_payload("bad"), f"fsid={UUID_B}", "cookie", "malformed", "valid"),
        (sid_payload(None), f"fsid={UUID_B}", "cookie", "null", "valid"),
        (sid_payload(123), f'a=1; fsid="{UUID_B}"', "cookie", "not_a_string", "valid"),
        ("{not json", f"fsid={UUID_B}", "cookie", "invalid_json", "valid"),
        ("[1]", f"fsid={UUID_B}", "cookie", "not_an_object", "valid"),
        ('{"event":"x"}', f"fsid={UUID_B}", "cookie", "absent", "valid"),
        (None, f"fsid={UUID_B}", "cookie", "no_payload", "valid"),
        (None, "fsid=nope", "minted", "no_payload", "malformed"),
        (
            '{"context":{"session_id":"' + UUID_A + '"}}',
            f"FSID={UUID_B}",
            "minted",
            "absent",
            "absent",
        ),
        ("", None, "minted", "no_payload", "absent"),
    ],
)
def test_precedence(
    payload: str | None,
    cookie: str | None,
    resolved_by: str,
    payload_status: str,
    cookie_status: str,
) -> None:
    out = resolve(
        raw_frame({"event_id": "e1", "received_at": T0, "payload": payload, "cookie": cookie})
    )
    row = event_rows(out)["e1"]
    assert row["resolved_by"] == resolved_by
    assert row["payload_session_status"] == payload_status
    assert row["cookie_session_status"] == cookie_status
    expected = {"payload": UUID_A, "cookie": UUID_B, "minted": minted("e1", T0)}[resolved_by]
    assert row["session_id"] == expected
    assert row["payload_session_id"] == (UUID_A if payload_status == "valid" else None)
    assert row["cookie_session_id"] == (UUID_B if cookie_status == "valid" else None)


def test_spec_worked_example_through_the_resolver() -> None:
    out = resolve(raw_frame({"event_id": "ev_0001", "received_at": "2026-11-01 12:00:00.123"}))
    assert event_rows(out)["ev_0001"]["session_id"] == EXAMPLE_ID


def test_browser_visit_then_http_event_joins_across_sources() -> None:
    first = minted("ev_1", T0)
    out = resolve(
        raw_frame(
            {
                "event_id": "ev_1",
                "received_at": T0,
                "payload": '{"event":"page_view","profile_id":"p1"}',
                "cookie": "_ga=GA1.2.3.4; auth_token=secret",
            },
            {
                "event_id": "ev_2",
                "received_at": T1,
                "payload": '{"event":"click"}',
                "cookie": f"_ga=GA1.2.3.4; fsid={first}; auth_token=secret",
            },
            {
                "event_id": "ev_3",
                "received_at": T2,
                "source_id": "src_http",
                "source_type": "http",
                "payload": sid_payload(first, profile_id="p1"),
            },
            # days later, same cookie: sessions never expire by time
            {"event_id": "ev_4", "received_at": "2026-11-09 08:00:00", "cookie": f"fsid={first}"},
        )
    )
    events = event_rows(out)
    assert [events[e]["resolved_by"] for e in ("ev_1", "ev_2", "ev_3", "ev_4")] == [
        "minted",
        "cookie",
        "payload",
        "cookie",
    ]
    assert {events[e]["session_id"] for e in events} == {first}
    session = session_rows(out)[first]
    assert session == {
        "session_id": first,
        "created_at": pd.Timestamp("2026-11-01 12:00:00"),
        "updated_at": pd.Timestamp("2026-11-09 08:00:00"),
        "profile_id": "p1",
        "event_count": 4,
        "created_by": "minted",
        "source_types": "http,javascript",
        "is_cross_source": True,
        "first_event_id": "ev_1",
    }


def test_new_session_when_no_payload_id_and_no_cookie() -> None:
    out = resolve(
        raw_frame({"event_id": "a", "received_at": T0}, {"event_id": "b", "received_at": T0})
    )
    events = event_rows(out)
    assert events["a"]["session_id"] != events["b"]["session_id"]
    assert len(out.sessions) == 2


# --- deduplication -------------------------------------------------------------------------


def test_earliest_delivery_wins_even_when_it_lands_later() -> None:
    out = resolve(
        raw_frame(
            {"event_id": "e1", "received_at": T2, "payload": '{"event":"late"}'},
            {"event_id": "e1", "received_at": T3, "payload": '{"event":"later"}'},
            {"event_id": "e1", "received_at": T1, "payload": '{"event":"earliest"}'},
        )
    )
    row = event_rows(out)["e1"]
    assert row["event_name"] == "earliest"
    assert row["received_at"] == pd.Timestamp(T1)
    assert row["delivery_count"] == 3
    assert row["session_id"] == minted("e1", T1)  # minted from the winning delivery


def test_same_instant_written_differently_is_a_tie() -> None:
    out = resolve(
        raw_frame(
            {"event_id": "e1", "received_at": "2026-11-01T13:00:00+01:00", "payload": '{"b":1}'},
            {"event_id": "e1", "received_at": "2026-11-01 12:00:00", "payload": '{"a":1}'},
        )
    )
    row = event_rows(out)["e1"]
    assert row["delivery_count"] == 2
    assert row["payload_session_status"] == "absent"
    assert read_payload('{"a":1}').session_status == "absent"
    # Equal on everything before it, the smaller event name wins (by code point)
    out2 = resolve(
        raw_frame(
            {"event_id": "e1", "received_at": T0, "payload": '{"event":"b"}'},
            {"event_id": "e1", "received_at": T0, "payload": '{"event":"a"}'},
        )
    )
    assert event_rows(out2)["e1"]["event_name"] == "a"


@pytest.mark.parametrize(
    ("rows", "field", "expected"),
    [
        # what is read from the payload: its session status ('absent' < 'no_payload'),
        # then the event name, nulls first, by code point
        ([{"payload": '{"event":"x"}'}, {"payload": None}], "event_name", "x"),
        ([{"payload": '{"event":"x"}'}, {"payload": "{}"}], "event_name", None),
        ([{"payload": '{"event":"é"}'}, {"payload": '{"event":"z"}'}], "event_name", "z"),
        (
            [{"payload": '{"event":"😀"}'}, {"payload": '{"event":"\uffff"}'}],
            "event_name",
            "\uffff",
        ),
        # source_id, source_type come first
        ([{"source_id": "s2"}, {"source_id": "s1"}], "source_id", "s1"),
        ([{"source_id": "s1"}, {"source_id": None}], "source_id", None),
        ([{"source_type": "javascript"}, {"source_type": "http"}], "source_type", "http"),
        # last the reduced cookie: status, then id (nulls first)
        ([{"cookie": f"fsid={UUID_B}"}, {"cookie": f"fsid={UUID_A}"}], "cookie_session_id", UUID_A),
        (
            [{"cookie": f"fsid={UUID_A}"}, {"cookie": "fsid=bad"}],
            "cookie_session_status",
            "malformed",
        ),
        ([{"cookie": "fsid=bad"}, {"cookie": None}], "cookie_session_status", "absent"),
    ],
)
def test_tie_break_order(rows: list[dict[str, Any]], field: str, expected: Any) -> None:
    frame = raw_frame(*({"event_id": "e1", "received_at": T0, **row} for row in rows))
    for ordering in (frame, frame.iloc[::-1].reset_index(drop=True)):
        row = event_rows(resolve(ordering))["e1"]
        assert row[field] == expected
        assert row["delivery_count"] == len(rows)


@pytest.mark.parametrize(
    ("rows", "winner"),
    [
        # each key outranks every later one: the earlier key decides even when later keys
        # point the other way
        (
            [
                {"received_at": T1, "payload": '{"event":"a"}'},
                {"received_at": T0, "payload": '{"event":"b"}'},
            ],
            "b",
        ),
        (
            [
                {"payload": '{"event":"b"}', "source_id": "s1"},
                {"payload": '{"event":"a"}', "source_id": "s2"},
            ],
            "s1",
        ),
        (
            [
                {"payload": '{"event":"a", "profile_id":"p2"}'},
                {"payload": '{"event":"b", "profile_id":"p1"}'},
            ],
            "b",
        ),
        (
            [
                {"payload": '{"event":"a"}', "cookie": f"fsid={UUID_A}"},
                {"payload": '{"event":"b"}', "cookie": "fsid=bad"},
            ],
            "a",
        ),
        (
            [
                {"source_id": "s2", "source_type": "a", "payload": '{"event":"x"}'},
                {"source_id": "s1", "source_type": "b", "payload": '{"event":"x"}'},
            ],
            "s1",
        ),
        (
            [
                {"source_type": "b", "cookie": f"fsid={UUID_A}"},
                {"source_type": "a", "cookie": f"fsid={UUID_B}"},
            ],
            "a",
        ),
        ([{"cookie": f"fsid={UUID_B}"}, {"cookie": "fsid=bad"}], "malformed"),
        ([{"cookie": f"fsid={UUID_A}"}, {"cookie": f"fsid={UUID_B}; fsid={UUID_A}"}], UUID_A),
    ],
)
def test_tie_break_keys_are_ranked(rows: list[dict[str, Any]], winner: str) -> None:
    defaults = {"event_id": "e1", "received_at": T0}
    frame = raw_frame(*({**defaults, **row} for row in rows))
    for ordering in (frame, frame.iloc[::-1].reset_index(drop=True)):
        row = event_rows(resolve(ordering))["e1"]
        assert winner in {
            row["event_name"],
            row["source_id"],
            row["source_type"],
            row["cookie_session_status"],
            row["cookie_session_id"],
        }
        assert row["delivery_count"] == 2


def test_cookie_header_differences_that_reduce_equal_do_not_matter() -> None:
    frame = raw_frame(
        {"event_id": "e1", "received_at": T0, "cookie": f"a=1; fsid={UUID_A}"},
        {"event_id": "e1", "received_at": T0, "cookie": f"fsid={UUID_A.upper()}; b=2"},
    )
    assert_same_outputs(resolve(frame), resolve(frame.iloc[::-1].reset_index(drop=True)))


def test_rejected_rows_never_count_as_deliveries() -> None:
    out = resolve(
        raw_frame(
            {"event_id": "e1", "received_at": T1},
            {"event_id": "e1", "received_at": "garbage"},
            {"event_id": "e1", "received_at": "1969-12-31 23:59:59"},
            {"event_id": "e1", "received_at": None},
        )
    )
    assert event_rows(out)["e1"]["delivery_count"] == 1
    assert sorted(out.rejected_events["reason"]) == [
        "missing_received_at",
        "received_at_out_of_range",
        "unparseable_received_at",
    ]


# --- rejects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_id", "received_at", "reason"),
    [
        (None, T0, "missing_event_id"),
        ("", T0, "missing_event_id"),
        (WHITESPACE, T0, "missing_event_id"),
        (None, None, "missing_event_id"),
        ("", "garbage", "missing_event_id"),
        ("e", None, "missing_received_at"),
        ("e", "", "missing_received_at"),
        ("e", " ", "unparseable_received_at"),
        ("e", "2026-02-30", "unparseable_received_at"),
        ("e", "1969-12-31 23:59:59.999999", "received_at_out_of_range"),
        ("e", "9999-12-31T23:00-05:00", "received_at_out_of_range"),
    ],
)
def test_reject_reasons(event_id: str | None, received_at: str | None, reason: str) -> None:
    out = resolve(
        raw_frame(
            {
                "event_id": event_id,
                "received_at": received_at,
                "payload": '{"p":1}',
                "cookie": "fsid=x; token=secret",
            }
        )
    )
    assert out.event_sessions.empty
    assert records(out.rejected_events) == [
        {
            "event_id": event_id,
            "source_id": "src_js",
            "source_type": "javascript",
            "received_at": received_at,
            "payload": '{"p":1}',
            "reason": reason,
        }
    ]


@pytest.mark.parametrize("event_id", ["\u00a0", " e ", "\u3000", "é"])
def test_event_ids_are_taken_as_sent(event_id: str) -> None:
    out = resolve(raw_frame({"event_id": event_id, "received_at": T0}))
    row = event_rows(out)[event_id]
    assert row["session_id"] == minted(event_id, T0)


def test_rejects_are_sorted_by_all_columns_nulls_first() -> None:
    out = resolve(
        raw_frame(
            {"event_id": "b", "received_at": "x"},
            {"event_id": None, "received_at": "x", "source_id": "s2"},
            {"event_id": None, "received_at": "x", "source_id": None},
            {"event_id": "a", "received_at": "y", "payload": "p"},
            {"event_id": "a", "received_at": "y", "payload": None},
            {"event_id": "a", "received_at": None},
            {"event_id": "", "received_at": "x"},
        )
    )
    keys = [
        (r["event_id"], r["source_id"], r["received_at"], r["payload"])
        for r in records(out.rejected_events)
    ]
    assert keys == [
        (None, None, "x", None),
        (None, "s2", "x", None),
        ("", "src_js", "x", None),
        ("a", "src_js", None, None),
        ("a", "src_js", "y", None),
        ("a", "src_js", "y", "p"),
        ("b", "src_js", "x", None),
    ]


def test_datetime_received_at_is_formatted_in_rejects_and_parsed_for_events() -> None:
    frame = raw_frame(
        {"event_id": "e1", "received_at": datetime(2026, 11, 1, 12, 0, 0, 123000)},
        {"event_id": "e2", "received_at": datetime(1969, 1, 1)},
        {"event_id": "e3", "received_at": pd.NaT},
    )
    out = resolve(frame)
    assert event_rows(out)["e1"]["session_id"] == minted("e1", "2026-11-01 12:00:00.123")
    assert records(out.rejected_events)[0]["received_at"] == "1969-01-01 00:00:00.000000"
    assert records(out.rejected_events)[1]["reason"] == "missing_received_at"


def test_typed_timestamp_column_equals_its_text() -> None:
    raw = generate_raw_events(300, 5)
    parsed = pd.to_datetime(raw["received_at"], format="%Y-%m-%d %H:%M:%S.%f", errors="coerce")
    typed = raw.assign(received_at=parsed)
    as_text = raw.assign(
        received_at=[None if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M:%S.%f") for v in parsed]
    )
    left, right = resolve(typed), resolve(as_text)
    pd.testing.assert_frame_equal(left.event_sessions, right.event_sessions)
    pd.testing.assert_frame_equal(left.sessions, right.sessions)


def test_pandas_nulls_are_nulls() -> None:
    frame = pd.DataFrame(
        {
            "event_id": ["e1", "e2", np.nan],
            "source_id": [np.nan, pd.NA, "s"],
            "source_type": [None, "http", "http"],
            "received_at": [T0, T0, T0],
            "payload": [np.nan, pd.NA, None],
            "cookie": [np.nan, None, pd.NA],
        }
    )
    out = resolve(frame)
    events = event_rows(out)
    assert events["e1"]["source_id"] is None
    assert events["e1"]["source_type"] is None
    assert events["e1"]["payload_session_status"] == "no_payload"
    assert events["e2"]["cookie_session_status"] == "absent"
    assert records(out.rejected_events)[0]["reason"] == "missing_event_id"
    session = session_rows(out)[events["e1"]["session_id"]]
    assert session["source_types"] is None
    assert session["is_cross_source"] is False


# --- sessions ------------------------------------------------------------------------------


def test_session_aggregates() -> None:
    cookie = f"fsid={UUID_C}"
    out = resolve(
        raw_frame(
            # same instant: the first event is the smaller event_id
            {
                "event_id": "b",
                "received_at": T1,
                "cookie": cookie,
                "source_id": "s1",
                "payload": '{"profile_id":"pb"}',
            },
            {"event_id": "a", "received_at": T1, "cookie": cookie, "source_id": "s1"},
            {
                "event_id": "c",
                "received_at": T3,
                "cookie": cookie,
                "source_id": "s1",
                "payload": '{"profile_id":"pc"}',
                "source_type": None,
            },
            {
                "event_id": "d",
                "received_at": T2,
                "payload": sid_payload(UUID_C),
                "source_type": "zz",
                "source_id": "s1",
            },
            # a re-delivery does not add to event_count
            {"event_id": "a", "received_at": T3, "cookie": cookie},
        )
    )
    session = session_rows(out)[UUID_C]
    assert session["first_event_id"] == "a"
    assert session["created_by"] == "cookie"
    assert session["profile_id"] == "pb"  # the first event that has a profile
    assert session["event_count"] == 4
    assert session["created_at"] == pd.Timestamp(T1)
    assert session["updated_at"] == pd.Timestamp(T3)
    assert session["source_types"] == "javascript,zz"
    assert session["is_cross_source"] is False


def test_sessions_named_only_by_payloads_exist() -> None:
    out = resolve(raw_frame({"event_id": "e", "received_at": T0, "payload": sid_payload(UUID_A)}))
    assert session_rows(out)[UUID_A]["created_by"] == "payload"


def test_outputs_are_sorted() -> None:
    out = resolve(generate_raw_events(500, 11))
    ids = list(out.event_sessions["event_id"])
    assert ids == sorted(ids)
    sessions = list(out.sessions["session_id"])
    assert sessions == sorted(sessions)


# --- strict mode ---------------------------------------------------------------------------


def test_strict_mode() -> None:
    via_cookie = UUID_A
    frame = raw_frame(
        # establishes UUID_A through a valid cookie
        {"event_id": "c1", "received_at": T0, "cookie": f"fsid={via_cookie}"},
        # establishes its minted ID: no payload ID, no valid cookie
        {"event_id": "m1", "received_at": T0, "payload": sid_payload("bad")},
        # payload IDs naming established sessions
        {"event_id": "p1", "received_at": T1, "payload": sid_payload(via_cookie.upper())},
        {"event_id": "p2", "received_at": T1, "payload": sid_payload(minted("m1", T0))},
        # unknown: falls through to the cookie, then to minting
        {
            "event_id": "u1",
            "received_at": T2,
            "payload": sid_payload(UUID_B),
            "cookie": f"fsid={via_cookie}",
        },
        {"event_id": "u2", "received_at": T2, "payload": sid_payload(UUID_C)},
        # the minted ID of an event that minted only because its payload was unknown is not
        # established (it had a format-valid payload ID)
        {"event_id": "u3", "received_at": T3, "payload": sid_payload(minted("u2", T2))},
    )
    lax = event_rows(resolve(frame))
    strict = event_rows(resolve(frame, "known"))
    assert lax["u1"]["resolved_by"] == "payload"
    assert lax["u1"]["session_id"] == UUID_B
    assert lax["u2"]["session_id"] == UUID_C
    assert (strict["p1"]["resolved_by"], strict["p1"]["session_id"]) == ("payload", UUID_A)
    assert (strict["p2"]["resolved_by"], strict["p2"]["session_id"]) == (
        "payload",
        minted("m1", T0),
    )
    assert strict["u1"]["payload_session_status"] == "unknown"
    assert strict["u1"]["payload_session_id"] == UUID_B  # kept as a diagnostic
    assert (strict["u1"]["resolved_by"], strict["u1"]["session_id"]) == ("cookie", UUID_A)
    assert strict["u2"]["payload_session_status"] == "unknown"
    assert (strict["u2"]["resolved_by"], strict["u2"]["session_id"]) == ("minted", minted("u2", T2))
    assert strict["u3"]["payload_session_status"] == "unknown"
    assert strict["u3"]["resolved_by"] == "minted"
    assert strict["m1"]["payload_session_status"] == "malformed"
    strict_sessions = session_rows(resolve(frame, "known"))
    assert UUID_B not in strict_sessions
    assert UUID_C not in strict_sessions


def test_strict_mode_uses_the_winning_delivery_only() -> None:
    # A losing delivery's cookie does not establish anything.
    frame = raw_frame(
        {"event_id": "e1", "received_at": T0},
        {"event_id": "e1", "received_at": T1, "cookie": f"fsid={UUID_A}"},
        {"event_id": "e2", "received_at": T2, "payload": sid_payload(UUID_A)},
    )
    strict = event_rows(resolve(frame, "known"))
    assert strict["e2"]["payload_session_status"] == "unknown"
    assert strict["e1"]["cookie_session_status"] == "absent"


def test_strict_mode_does_not_depend_on_arrival_order() -> None:
    frame = raw_frame(
        {"event_id": "later", "received_at": T0, "payload": sid_payload(UUID_A)},
        {"event_id": "earlier", "received_at": T3, "cookie": f"fsid={UUID_A}"},
    )
    strict = event_rows(resolve(frame, "known"))
    assert strict["later"]["payload_session_status"] == "valid"  # established by a later event


# --- invariants on generated data -----------------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    return generate_raw_events(3000, 2026)


@pytest.mark.parametrize("mode", MODES)
def test_conservation(generated: pd.DataFrame, mode: SessionIdValidation) -> None:
    out = resolve(generated, mode)
    assert len(generated) == out.event_sessions["delivery_count"].sum() + len(out.rejected_events)
    assert out.sessions["event_count"].sum() == len(out.event_sessions)
    assert set(out.event_sessions["session_id"]) == set(out.sessions["session_id"])
    assert out.event_sessions["event_id"].is_unique
    assert not out.rejected_events.empty


def test_privacy(generated: pd.DataFrame) -> None:
    out = resolve(generated, "known")
    fsids: set[str] = set()
    secrets: set[str] = set()
    for header in generated["cookie"]:
        if header is None:
            continue
        for part in header.split(";"):
            name, _, value = part.partition("=")
            if name.strip(WHITESPACE) == "fsid":
                fsids.add(value.strip(WHITESPACE).strip('"').lower())
            elif value.strip(WHITESPACE):
                secrets.add(value.strip(WHITESPACE))
                secrets.add(part.strip(WHITESPACE))
    assert any(secret.startswith("secret") for secret in secrets)
    for frame in (out.event_sessions, out.sessions, out.rejected_events):
        assert "cookie" not in frame.columns
        for name in frame.columns:
            if frame[name].dtype != object:
                continue
            for value in frame[name].dropna():
                assert "secret" not in value
                assert "auth_token" not in value
                assert "GA1.2." not in value
    cookie_ids = set(out.event_sessions["cookie_session_id"].dropna())
    assert cookie_ids <= fsids
    assert cookie_ids


@settings(max_examples=15)
@given(st.randoms(use_true_random=False), st.sampled_from(MODES))
def test_order_independence(
    generated: pd.DataFrame, random: Any, mode: SessionIdValidation
) -> None:
    sample = generated.iloc[:600]
    order = list(range(len(sample)))
    random.shuffle(order)
    shuffled = sample.iloc[order].reset_index(drop=True)
    assert_same_outputs(resolve(sample, mode), resolve(shuffled, mode))


# --- a straightforward model -------------------------------------------------------------------


def model(raw: pd.DataFrame, strict: bool) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Event and session tuples computed the slow, obvious way: sort everything, take firsts."""

    def key_part(value: str | None) -> tuple[int, str]:
        return (0, "") if value is None else (1, value)

    accepted = []
    for row in raw.to_dict("records"):
        row = {
            k: (None if v is None or (isinstance(v, float) and v != v) else v)
            for k, v in row.items()
        }
        if row["event_id"] is None or row["event_id"].strip(WHITESPACE) == "":
            continue
        moment, reason = parse_received_at(row["received_at"])
        if reason is not None:
            continue
        cookie = fsid_from_cookie_header(row["cookie"])
        accepted.append(
            (
                row["event_id"],
                moment,
                key_part(row["payload"]),
                key_part(row["source_id"]),
                key_part(row["source_type"]),
                key_part(cookie.session_id),
                cookie.status,
                row,
                cookie,
            )
        )
    accepted.sort(key=lambda item: item[:7])
    winners: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for item in accepted:
        winners.setdefault(item[0], item)
        counts[item[0]] = counts.get(item[0], 0) + 1
    infos = {}
    for event_id, item in winners.items():
        infos[event_id] = (
            item,
            read_payload(item[7]["payload"]),
            mint_session_id(event_id, item[1]),
        )
    established = set()
    for item, payload, mint in infos.values():
        if item[8].status == "valid":
            established.add(item[8].session_id)
        if payload.session_status != "valid" and item[8].status != "valid":
            established.add(mint)
    events: list[tuple[Any, ...]] = []
    for event_id in sorted(infos):
        item, payload, mint = infos[event_id]
        status: str = payload.session_status
        if strict and status == "valid" and payload.session_id not in established:
            status = "unknown"
        if status == "valid":
            chosen = (payload.session_id, "payload")
        elif item[8].status == "valid":
            chosen = (item[8].session_id, "cookie")
        else:
            chosen = (mint, "minted")
        events.append(
            (
                event_id,
                *chosen,
                item[1],
                item[7]["source_id"],
                item[7]["source_type"],
                payload.profile_id,
                payload.event_name,
                counts[event_id],
                status,
                payload.session_id,
                item[8].status,
                item[8].session_id,
            )
        )
    sessions = []
    session_ids: set[str] = {e[1] for e in events}
    for session_id in sorted(session_ids):
        members = sorted((e for e in events if e[1] == session_id), key=lambda e: (e[3], e[0]))
        profiles = [e[6] for e in members if e[6] is not None]
        types = sorted({e[5] for e in members if e[5] is not None})
        sessions.append(
            (
                session_id,
                members[0][3],
                max(e[3] for e in members),
                profiles[0] if profiles else None,
                len(members),
                members[0][2],
                ",".join(types) if types else None,
                len({e[4] for e in members if e[4] is not None}) > 1,
                members[0][0],
            )
        )
    return events, sessions


@pytest.mark.parametrize("mode", MODES)
def test_matches_the_model(mode: SessionIdValidation) -> None:
    raw = generate_raw_events(1200, 77)
    out = resolve(raw, mode)
    events, sessions = model(raw, mode == "known")

    def plain(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
        rows = []
        for row in records(frame):
            rows.append(
                tuple(v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row.values())
            )
        return rows

    assert plain(out.event_sessions) == events
    assert plain(out.sessions) == sessions
