"""Progress of a long job, written by hand on a text stream (standard error by default).

On a terminal a bar is redrawn in place (carriage return); otherwise (a log file, a pipe, CI)
a plain line is written whenever another tenth of the work is done or some seconds have
passed since the last line, whichever comes first. The last call (done == total) always
writes a final line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Final, TextIO

__all__ = ["Progress"]

_BAR_WIDTH: Final = 30


class Progress:
    """A ``progress(done, total)`` callback reporting rows done on ``stream``."""

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        *,
        every_share: float = 0.1,
        every_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        self.tty = self.stream.isatty()
        self.every_share = every_share
        self.every_seconds = every_seconds
        self.clock = clock
        self.start = clock()
        self._last_share = 0.0
        self._last_time = self.start

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        now = self.clock()
        final = done >= total
        if self.tty:
            self._draw_bar(done, total, share, now - self.start, final)
            return
        due = share - self._last_share >= self.every_share - 1e-9
        late = now - self._last_time >= self.every_seconds
        if final or due or late:
            self._write_line(done, total, share, now - self.start)
            self._last_share, self._last_time = share, now

    def _draw_bar(self, done: int, total: int, share: float, elapsed: float, final: bool) -> None:
        filled = int(share * _BAR_WIDTH)
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {done:,}/{total:,} rows {share:4.0%} {elapsed:5.1f}s"
        )
        if final:
            self.stream.write("\n")
        self.stream.flush()

    def _write_line(self, done: int, total: int, share: float, elapsed: float) -> None:
        self.stream.write(f"{self.label}: {done:,}/{total:,} rows ({share:.0%}) {elapsed:.1f}s\n")
        self.stream.flush()
