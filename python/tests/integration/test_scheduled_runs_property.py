"""Property: scheduled runs over any landing batches end where a full rebuild ends.

Hypothesis draws a small set of raw rows with everything that makes batching hard:
sessions whose events land in different batches, re-deliveries (later, identical and
EARLIER received_at, some with a different cookie, some days before every other row), a
session's true first event landing after its later events, payloads naming the minted ID
of another event (in strict mode an establishment that may land after the event naming
it), rejects; then a random split into 2 to 6 landing batches in random order, and exact
copies of rows of earlier batches landing again in later ones (an at-least-once loader).
Each batch is appended to a warehouse table as one load and followed by a `dbt run` of the
models (the first run builds, the others are scheduled runs), with or without the table's
load column configured (a run reads only new loads, or compares every event's row count).
After the last batch the three outputs must equal the pandas reference on all rows,
column for column, with no row missed (assert_no_raw_row_missed_by_incremental_runs),
and, in some examples, an actual `--full-refresh`.

Examples: 100 by default; FIRSTPARTY_PROPERTY_EXAMPLES=1000 for a longer run.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.reference import RAW_COLUMNS, resolve

from .dbt_project import OUTPUTS
from .outcomes import assert_outputs_equal
from .scheduled import (
    InProcessDbt,
    land,
    landing_vars,
    missed_events,
    query,
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FIRSTPARTY_PROPERTY_EXAMPLES", 100))
BASE = datetime(2026, 11, 1, 12, 0, 0)
KNOWN_SESSIONS = [
    "11111111-1111-4111-8111-111111111111",
    "22222222-2222-4222-8222-222222222222",
    "33333333-3333-4333-8333-333333333333",
]


def own_session_id(number: int) -> str:
    return f"{number:08x}-aaaa-4aaa-8aaa-aaaaaaaaaaaa"


def text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


@st.composite
def scenarios(
    draw: st.DrawFn, base: datetime = BASE
) -> tuple[bool, list[pd.DataFrame], pd.DataFrame]:
    """(strict mode?, the landing batches, all raw rows). Rows span about five hours from
    `base` - 1 h: all on one day with BASE, across midnight with a late base."""
    strict = draw(st.booleans())
    rows: list[dict[str, str | None]] = []
    minted: list[str] = []  # IDs that some delivery would mint
    for number in range(draw(st.integers(1, 8))):
        event_id = f"e{number}"
        first = base + timedelta(seconds=draw(st.integers(0, 180 * 60)))
        # A session only this event's cookie may establish, so that a re-delivery with
        # another cookie can take the establishment away again.
        own_session = own_session_id(number)
        session_choices = [
            *KNOWN_SESSIONS[:2],
            *(own_session_id(other) for other in range(8)),
            *minted[-3:],
        ]
        payload_kind = draw(st.sampled_from(["session", "session", "none", "malformed", "invalid"]))
        profile = draw(st.sampled_from([None, "p1", "p2"]))
        body: dict[str, object] = {"event": "page_view"}
        if profile is not None:
            body["profile_id"] = profile
        if payload_kind == "session":
            # Also the minted ID of an earlier-drawn event: strict mode's establishment.
            body["session_id"] = draw(st.sampled_from(session_choices))
        elif payload_kind == "malformed":
            body["session_id"] = "not-a-session"
        payload = "{bad" if payload_kind == "invalid" else json.dumps(body)
        source = draw(st.sampled_from([("web", "javascript"), ("shop", "http")]))
        for delivery in range(draw(st.integers(1, 3))):
            moment = first
            if delivery:
                moment = first + timedelta(
                    seconds=draw(st.sampled_from([0, -1, 1, *range(-3600, 3601, 600)]))
                )
                if draw(st.integers(0, 5)) == 0:  # a delivery days before everything else
                    moment -= timedelta(days=draw(st.integers(2, 90)))
            if delivery == 0 or draw(st.booleans()):
                cookie = draw(
                    st.sampled_from(
                        [
                            None,
                            "fsid=bad",
                            f"a=1; fsid={own_session}",
                            f"fsid={own_session}",
                            *(f"a=1; fsid={s}" for s in KNOWN_SESSIONS),
                        ]
                    )
                )
            rows.append(
                {
                    "event_id": event_id,
                    "source_id": source[0],
                    "source_type": source[1],
                    "received_at": text(moment),
                    "payload": payload,
                    "cookie": cookie,
                }
            )
            minted.append(mint_session_id(event_id, moment))
    for _ in range(draw(st.integers(0, 2))):
        rows.append(
            {
                "event_id": draw(st.sampled_from([None, " ", "e0"])),
                "source_id": "web",
                "source_type": "javascript",
                "received_at": draw(st.sampled_from(["yesterday", None, text(base)])),
                "payload": "{}",
                "cookie": None,
            }
        )
    raw = pd.DataFrame(rows, columns=list(RAW_COLUMNS), dtype=object)
    batch_count = draw(st.integers(2, 6))
    landing = draw(st.lists(st.integers(0, batch_count - 1), min_size=len(raw), max_size=len(raw)))
    order = draw(st.permutations(range(len(raw))))
    shuffled = raw.iloc[list(order)].reset_index(drop=True)
    batch_of = [landing[i] for i in order]
    batches = [
        shuffled[[b == n for b in batch_of]].reset_index(drop=True) for n in range(batch_count)
    ]
    # Rows of earlier batches landing again, exact copies, in a later batch.
    for _ in range(draw(st.integers(0, 2))):
        later = draw(st.integers(1, batch_count - 1))
        earlier = pd.concat(batches[:later], ignore_index=True)
        if earlier.empty:
            continue
        copy = earlier.iloc[[draw(st.integers(0, len(earlier) - 1))]]
        batches[later] = pd.concat([batches[later], copy], ignore_index=True)
    return strict, batches, pd.concat(batches, ignore_index=True)


@pytest.fixture(scope="module")
def dbt(tmp_path_factory: pytest.TempPathFactory) -> InProcessDbt:
    return InProcessDbt(tmp_path_factory.mktemp("scheduled_property"))


def outputs(database: Path) -> dict[str, pd.DataFrame]:
    return {name: query(database, f"select * from {name}") for name in OUTPUTS}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario=scenarios(), by_load=st.booleans(), compare_full_refresh=st.integers(0, 9))
def test_any_landing_batches_give_the_full_rebuild(
    dbt: InProcessDbt,
    scenario: tuple[bool, list[pd.DataFrame], pd.DataFrame],
    by_load: bool,
    compare_full_refresh: int,
) -> None:
    strict, batches, raw = scenario
    dbt_vars = landing_vars(strict, by_load)
    event("by load column" if by_load else "by event_id row counts")
    reference = resolve(raw, "known" if strict else "format")
    event(f"{'known' if strict else 'format'} mode")
    event(f"{len(raw) - len(raw.drop_duplicates())} exact copies landed again")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "warehouse.duckdb"
        for batch in batches:
            land(database, batch)
            dbt.run(database, dbt_vars)
        assert_outputs_equal(outputs(database), reference)
        assert missed_events(dbt, database, dbt_vars).empty
        if compare_full_refresh == 0:
            dbt.run(database, dbt_vars, "--full-refresh")
            assert_outputs_equal(outputs(database), reference)
