"""The block-wise generator: streamed files equal the frame, minting equals the authority,
and the progress bar appears only on a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from firstparty_sessions import cli
from firstparty_sessions.generate import (
    _mint_visits,
    generate_raw_events,
    iter_raw_event_tables,
    write_generated_events,
)
from firstparty_sessions.ids import mint_from_millis
from firstparty_sessions.io import read_raw_events
from firstparty_sessions.schema import RAW_COLUMNS, RAW_FORMATS


def test_visit_ids_as_arrow_text_match_the_authority() -> None:
    ids = ["ev_0001", "évènement-3", "ev_\U0001f600_1", " x ", ""] + [str(i) for i in range(500)]
    millis = np.array([1_793_534_400_123, 0, 16**12 - 1, 123_456_789, 5, *range(500)])
    expected = [mint_from_millis(e, int(m)) for e, m in zip(ids, millis, strict=True)]
    assert _mint_visits(ids, millis).to_pylist() == expected


def test_blocks_have_unique_ids_and_exact_sizes() -> None:
    tables = list(iter_raw_event_tables(25_001, 9, block_events=5_000))
    sizes = [len(t) for t in tables]
    assert sum(sizes) == 25_001
    assert max(sizes) <= 5_000
    assert max(sizes) - min(sizes) <= 1
    id_sets = [set(t.column("event_id").drop_null().to_pylist()) - {"", " \t"} for t in tables]
    assert sum(len(ids) for ids in id_sets) == len(set().union(*id_sets))


@pytest.mark.parametrize("suffix", sorted(RAW_FORMATS))
def test_streamed_file_equals_the_frame(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"raw{suffix}"
    calls: list[tuple[int, int]] = []
    written = write_generated_events(
        3_000, 4, path, progress=lambda d, t: calls.append((d, t)), block_events=1_000
    )
    assert written == 3_000
    assert calls == [(1_000, 3_000), (2_000, 3_000), (3_000, 3_000)]
    expected = pd.concat(
        [t.to_pandas() for t in iter_raw_event_tables(3_000, 4, block_events=1_000)],
        ignore_index=True,
    ).astype(object)
    expected = expected.where(expected.notna(), None)
    assert tuple(expected.columns) == RAW_COLUMNS
    pd.testing.assert_frame_equal(read_raw_events(path), expected)
    if RAW_FORMATS[suffix] == "ndjson":
        for line in path.read_text(encoding="utf-8").splitlines():
            assert line == json.dumps(json.loads(line), ensure_ascii=False)


def test_frame_is_one_block_below_the_block_size() -> None:
    frame = generate_raw_events(2_000, 3)
    table = next(iter_raw_event_tables(2_000, 3))
    assert frame["event_id"].tolist() == table.column("event_id").to_pylist()


class _Stderr(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool
) -> None:
    stderr = _Stderr(tty)
    monkeypatch.setattr("sys.stderr", stderr)
    assert cli.main(["generate", "--events", "500", "--out", str(tmp_path / "r.parquet")]) == 0
    text = stderr.getvalue()
    assert "wrote 500 raw rows" in text
    assert ("\rgenerating [" in text) is tty
