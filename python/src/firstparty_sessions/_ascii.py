"""Fixed-width ASCII text held as numpy ``(n, width)`` arrays of byte codes.

Shared by the vectorised minting (:mod:`firstparty_sessions.ids`) and the generator: many
IDs are built at numpy speed and turned into text only at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

__all__ = ["HEX_DIGITS", "dash_join", "hex_chars", "rows_text"]

#: The byte codes of ``0123456789abcdef``.
HEX_DIGITS: Final = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_chars(values: np.ndarray, width: int) -> np.ndarray:
    """Unsigned integers as an (n, width) array of lowercase hex digit codes (zero-padded)."""
    shifts = np.arange(width - 1, -1, -1, dtype=np.uint64) * np.uint64(4)
    nibbles = (values.astype(np.uint64)[:, None] >> shifts) & np.uint64(0xF)
    chars: np.ndarray = HEX_DIGITS[nibbles.astype(np.uint8)]
    return chars


def dash_join(chars: np.ndarray, widths: Sequence[int]) -> np.ndarray:
    """Insert '-' between consecutive groups of columns of the given widths."""
    n = chars.shape[0]
    out = np.full((n, sum(widths) + len(widths) - 1), ord("-"), dtype=np.uint8)
    source = target = 0
    for width in widths:
        out[:, target : target + width] = chars[:, source : source + width]
        source += width
        target += width + 1
    return out


def rows_text(chars: np.ndarray) -> list[str]:
    """Each row of an (n, width) array of ASCII codes as a ``str``."""
    width = chars.shape[1]
    text = np.ascontiguousarray(chars, dtype=np.uint8).tobytes().decode("ascii")
    return [text[start : start + width] for start in range(0, len(text), width)]
