"""The session-ID validity rule (docs/rules.md, "Session ID validity").

A candidate is a ``str``. Leading and trailing white space -- exactly the six ASCII
characters in :data:`WHITESPACE`, never Unicode spaces -- is trimmed; the rest must be
``8-4-4-4-12`` ASCII hex digits separated by ``-`` (any letter case, any version or
variant). A valid candidate is returned lowercased; anything else is invalid.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["WHITESPACE", "is_canonical_shape", "normalize_session_id", "strip_ws"]

#: White space as the rules define it: space, TAB, LF, CR, VT, FF. Nothing else.
WHITESPACE: Final = " \t\n\r\x0b\x0c"

# Character classes written out as ASCII ranges: ``\d`` or ``\w`` would admit Unicode digits.
_UUID_SHAPE: Final = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def strip_ws(text: str) -> str:
    """Trim leading and trailing :data:`WHITESPACE` (and only those characters)."""
    return text.strip(WHITESPACE)


def is_canonical_shape(text: str) -> bool:
    """Whether ``text`` as a whole (no trimming) is ``8-4-4-4-12`` ASCII hex digits."""
    return _UUID_SHAPE.fullmatch(text) is not None


def normalize_session_id(value: object) -> str | None:
    """Apply the validity rule to ``value``.

    Returns the lowercase canonical ID when ``value`` is a string that, after trimming
    :data:`WHITESPACE`, is a UUID in any letter case; otherwise ``None`` (non-strings such
    as numbers, ``None`` or dicts are never valid).

    >>> normalize_session_id(" 01A196FB-167B-8FC8-825D-604E7D01A261\\n")
    '01a196fb-167b-8fc8-825d-604e7d01a261'
    >>> normalize_session_id("{01a196fb-167b-8fc8-825d-604e7d01a261}") is None
    True
    """
    if not isinstance(value, str):
        return None
    trimmed = strip_ws(value)
    if not is_canonical_shape(trimmed):
        return None
    return trimmed.lower()
