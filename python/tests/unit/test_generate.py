"""The raw event generator: determinism, shape, and the situations it must contain."""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from firstparty_sessions.cookies import fsid_from_cookie_header
from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.payload import read_payload
from firstparty_sessions.reference import RAW_COLUMNS, resolve
from firstparty_sessions.timestamps import parse_received_at

TIME_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}")


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return generate_raw_events(20_000, 7)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 99, 100, 101, 1000])
def test_exact_row_count_and_columns(n: int) -> None:
    frame = generate_raw_events(n, 1)
    assert len(frame) == n
    assert tuple(frame.columns) == RAW_COLUMNS
    for name in RAW_COLUMNS:
        assert frame[name].dtype == object
        assert all(v is None or isinstance(v, str) for v in frame[name])


def test_deterministic() -> None:
    pd.testing.assert_frame_equal(generate_raw_events(2000, 3), generate_raw_events(2000, 3))
    assert not generate_raw_events(2000, 3).equals(generate_raw_events(2000, 4))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        generate_raw_events(-1, 0)
    with pytest.raises(TypeError):
        generate_raw_events(1.5, 0)  # type: ignore[arg-type]


def test_received_at_text_and_rejects(raw: pd.DataFrame) -> None:
    reasons = [parse_received_at(v)[1] for v in raw["received_at"]]
    accepted = [v for v, r in zip(raw["received_at"], reasons, strict=True) if r is None]
    assert all(TIME_TEXT.fullmatch(v) for v in accepted)
    out = resolve(raw)
    share = len(out.rejected_events) / len(raw)
    assert 0.005 <= share <= 0.02
    assert set(out.rejected_events["reason"]) == {
        "missing_event_id",
        "missing_received_at",
        "unparseable_received_at",
        "received_at_out_of_range",
    }
    assert "1969-12-31 23:59:59.999999" in set(out.rejected_events["received_at"])


def test_browser_visits_and_cookies(raw: pd.DataFrame) -> None:
    out = resolve(raw)
    events = out.event_sessions.set_index("event_id")
    minted_sessions = out.sessions[out.sessions["created_by"] == "minted"]
    # visits: a minted first event whose ID later events carry in the fsid cookie
    joined = events[events["resolved_by"] == "cookie"]["session_id"]
    assert joined.isin(minted_sessions["session_id"]).mean() > 0.9
    first_rows = events.loc[minted_sessions["first_event_id"]]
    assert (first_rows["cookie_session_status"] != "valid").all()
    headers = raw["cookie"].dropna()
    assert headers.str.contains("auth_token=secret").any()
    assert headers.str.contains(r"(?:^|; )fsid=", regex=True).any()
    for oddity in ("FSID=", "xfsid=", "fsid_old=", 'fsid="', "fsid=deleted; fsid=", "fsid=;"):
        assert headers.str.contains(oddity, regex=False).any(), oddity
    statuses = {fsid_from_cookie_header(h).status for h in headers}
    assert statuses == {"valid", "malformed", "absent"}


def test_http_events_join_visits(raw: pd.DataFrame) -> None:
    out = resolve(raw)
    events = out.event_sessions
    http_payload = events[(events["source_type"] == "http") & (events["resolved_by"] == "payload")]
    assert len(http_payload) > 100
    sessions = out.sessions.set_index("session_id")
    joined = sessions.loc[http_payload["session_id"].unique()]
    assert (joined["created_by"] == "minted").mean() > 0.8
    assert joined["is_cross_source"].any()
    assert (joined["source_types"] == "http,javascript").any()
    http_minted = events[(events["source_type"] == "http") & (events["resolved_by"] == "minted")]
    assert len(http_minted) > 10


def test_payload_variety(raw: pd.DataFrame) -> None:
    statuses = {read_payload(p).session_status for p in raw["payload"]}
    assert statuses == {
        "no_payload",
        "invalid_json",
        "not_an_object",
        "absent",
        "null",
        "not_a_string",
        "malformed",
        "valid",
    }
    payloads = raw["payload"].dropna()
    for fragment in (
        ",}",
        ",]",
        "NaN",
        "Infinity",
        '"session_id": "\\"',
        "urn:uuid:",
        '"context": {"session_id"',
        "\\u00a0",
    ):
        assert payloads.str.contains(fragment, regex=False).any(), fragment
    duplicated = payloads[payloads.str.count('"session_id"') == 2]
    assert len(duplicated) > 0
    # within the contract: no lowercase nan/inf literals, no surrogates
    assert not payloads.str.contains(r"\bnan\b|\binf\b", regex=True).any()
    for payload in payloads:
        payload.encode("utf-8")  # raises on a surrogate
    profiles = resolve(raw).sessions["profile_id"].dropna()
    assert profiles.duplicated().any()  # returning visitors


def test_redeliveries_earlier_and_later(raw: pd.DataFrame) -> None:
    out = resolve(raw)
    counts = out.event_sessions["delivery_count"]
    assert (counts > 1).sum() > 100
    accepted = raw[[parse_received_at(v)[1] is None for v in raw["received_at"]]]
    grouped = accepted.groupby("event_id")["received_at"]
    spans = grouped.agg(["min", "max", "count"])
    multi = spans[spans["count"] > 1]
    assert (multi["min"] < multi["max"]).any()
    assert (multi["min"] == multi["max"]).any()
    # an earlier re-delivery changes the minted ID versus the cookie the collector set
    by_cookie = out.event_sessions[out.event_sessions["resolved_by"] == "cookie"]
    unknown_cookie_sessions = set(by_cookie["session_id"]) - set(
        out.event_sessions.loc[out.event_sessions["resolved_by"] == "minted", "session_id"]
    )
    assert unknown_cookie_sessions


def test_unicode_ids_and_ms_boundaries(raw: pd.DataFrame) -> None:
    ids = raw["event_id"].dropna()
    assert (~ids.map(str.isascii)).sum() > 10
    assert ids.str.startswith(" ").any()
    times = raw["received_at"].dropna()
    assert times.str.endswith("999").any()
    assert times.str.endswith("000").any()
    assert times.str.endswith(".999999").any()


def test_fast_enough() -> None:
    start = time.perf_counter()
    generate_raw_events(100_000, 1)
    assert time.perf_counter() - start < 10
