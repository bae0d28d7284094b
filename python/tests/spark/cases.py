"""What the Spark tests run: every case gets its own schema in one Spark session.

- parity: `dbt build --full-refresh` of the demo seed and of a generated file (about
  20,000 events plus the hostile rows), both modes; compared with DuckDB's build.
- scheduled: scenarios drawn by the DuckDB property test's strategy (re-deliveries, late
  first events, strict-mode establishment, rejects) with rows across midnight, so that
  events and sessions change day; one scheduled `dbt run` per landing batch, each over
  the rows landed so far (insert_overwrite of the state tables, docs/spark.md).
Each case's outputs (the marts are views) are then exported through Spark as Parquet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.io import write_raw_events

from ..integration.dbt_project import dbt_vars
from ..integration.hostile import hostile_frame
from ..integration.scheduled import RUN_SELECTION
from ..integration.test_scheduled_runs_property import scenarios
from .spark_project import SparkSession

GENERATED_EVENTS = 20_000
#: Scheduled-run examples on Spark (each is a few dbt runs): fewer than on DuckDB.
SCHEDULED_EXAMPLES = int(os.environ.get("FIRSTPARTY_SPARK_PROPERTY_EXAMPLES", 4))
#: Rows from about 21:30 to 02:30: two or three days.
ACROSS_MIDNIGHT = datetime(2026, 11, 1, 22, 30, 0)


@dataclass(frozen=True)
class ParityCase:
    source: str  # demo_seed or generated_file
    strict: bool

    @property
    def schema(self) -> str:
        return f"parity_{self.source}_{'known' if self.strict else 'format'}"


PARITY_CASES = tuple(
    ParityCase(source, strict)
    for source in ("demo_seed", "generated_file")
    for strict in (False, True)
)


@dataclass(frozen=True)
class ScheduledCase:
    number: int
    strict: bool
    batches: tuple[pd.DataFrame, ...]
    raw: pd.DataFrame

    @property
    def schema(self) -> str:
        return f"scheduled_{self.number}"

    def step(self, batch: int) -> str:
        return f"{self.schema}_run_{batch}"


def generated_raw_events() -> pd.DataFrame:
    return pd.concat(
        [generate_raw_events(GENERATED_EVENTS, seed=7), hostile_frame()], ignore_index=True
    )


def queue_parity(session: SparkSession, generated_file: Path) -> None:
    for case in PARITY_CASES:
        path = None if case.source == "demo_seed" else generated_file
        session.add(
            case.schema,
            case.schema,
            "build",
            "--full-refresh",
            # Every model, data test and unit test but the audit (the default selector
            # leaves the unit tests out: on Spark they check the macros' Spark SQL).
            "--select",
            "fqn:*",
            "--exclude",
            "tag:audit",
            "--vars",
            dbt_vars(path, strict=case.strict),
        )
        session.export(f"{case.schema}_export", case.schema, after=case.schema)


def draw_scheduled_cases(count: int) -> list[ScheduledCase]:
    """`count` scenarios, the same ones every time (derandomized)."""
    drawn: list[ScheduledCase] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(scenarios(ACROSS_MIDNIGHT))
    def collect(scenario: tuple[bool, list[pd.DataFrame], pd.DataFrame]) -> None:
        strict, batches, raw = scenario
        drawn.append(ScheduledCase(len(drawn), strict, tuple(batches), raw))

    collect()
    return drawn[:count]


def a_day_emptied(number: int) -> ScheduledCase:
    """Hand-made: a late, earlier delivery moves the only event of 2 November to
    1 November, and with it its minted session: the old session is left without events
    (an event_count 0 row in int_sessions__aggregated, out of the sessions mart) and no
    row of 2 November may be left in either mart, while the untouched event e0 is kept
    by the rewrite."""

    def row(event_id: str, received_at: str) -> dict[str, str | None]:
        return {
            "event_id": event_id,
            "source_id": "web",
            "source_type": "javascript",
            "received_at": received_at,
            "payload": '{"event": "page_view"}',
            "cookie": None,
        }

    first = pd.DataFrame(
        [row("e0", "2026-11-01 23:00:00"), row("e1", "2026-11-02 00:30:00")], dtype=object
    )
    late = pd.DataFrame([row("e1", "2026-11-01 23:30:00")], dtype=object)
    return ScheduledCase(number, False, (first, late), pd.concat([first, late], ignore_index=True))


def scheduled_cases(count: int) -> list[ScheduledCase]:
    """The drawn scenarios, then the hand-made one."""
    drawn = draw_scheduled_cases(count) if count else []
    return [*drawn, a_day_emptied(len(drawn))]


def queue_scheduled(session: SparkSession, cases: list[ScheduledCase], folder: Path) -> None:
    """One scheduled run per batch, over a file of every row landed so far."""
    for case in cases:
        previous = None
        for number in range(len(case.batches)):
            landed = pd.concat(case.batches[: number + 1], ignore_index=True)
            landed_path = folder / f"{case.schema}_landed_{number}.parquet"
            write_raw_events(landed, landed_path)
            # One landing file whose content grows from run to run, as a landing table's.
            landing = folder / f"{case.schema}_landing.parquet"
            session.add(
                case.step(number),
                case.schema,
                "run",
                "--select",
                *RUN_SELECTION,
                "--vars",
                dbt_vars(landing, strict=case.strict),
                after=previous,
                copy=(landed_path, landing),
            )
            previous = case.step(number)
        session.export(f"{case.schema}_export", case.schema, after=previous)
