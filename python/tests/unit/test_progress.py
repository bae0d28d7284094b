"""Progress on standard error: a bar on a terminal, periodic plain lines otherwise."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from firstparty_sessions import cli, generate
from firstparty_sessions.progress import Progress


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_every_tenth_and_a_final_line() -> None:
    stream, clock = Stream(tty=False), Clock()
    progress = Progress("work", stream, clock=clock)
    for done in range(1, 101):  # one call per 1%, no time passes
        progress(done, 100)
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert [line.split()[1] for line in lines] == [f"{n}/100" for n in range(10, 101, 10)]


def test_plain_lines_every_few_seconds_when_slow() -> None:
    stream, clock = Stream(tty=False), Clock()
    progress = Progress("work", stream, clock=clock, every_seconds=5.0)
    for done in range(1, 5):  # 1% each, 6 s apart: each call is overdue
        clock.now += 6.0
        progress(done, 100)
    assert len(stream.getvalue().splitlines()) == 4


def test_a_bar_redrawn_in_place_on_a_terminal() -> None:
    stream = Stream(tty=True)
    progress = Progress("work", stream, clock=Clock())
    for done in (1, 2, 3):
        progress(done, 3)
    text = stream.getvalue()
    assert text.count("\rwork [") == 3
    assert text.endswith("\n")
    assert text.count("\n") == 1


def test_nothing_to_do_still_gives_a_final_line() -> None:
    stream = Stream(tty=False)
    Progress("work", stream, clock=Clock())(0, 0)
    assert stream.getvalue() == "work: 0/0 rows (100%) 0.0s\n"


def test_generate_prints_periodic_lines_when_stderr_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(generate, "BLOCK_EVENTS", 1_000)  # ten blocks, one call each
    out = tmp_path / "raw.csv"
    assert cli.main(["generate", "--events", "10000", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    counts = re.findall(r"^generating: ([\d,]+)/10,000 rows", err, flags=re.MULTILINE)
    assert counts == [f"{n:,}" for n in range(1_000, 10_001, 1_000)]
    assert err.splitlines()[-1] == f"wrote 10000 raw rows to {out}"
