"""The ``fsid`` cookie rule (docs/rules.md, "The fsid cookie").

The ``Cookie`` header is split on ``;``. Each part is split at its first ``=``; a part
without ``=`` names no cookie and is skipped. The name (``WS``-trimmed) must equal ``fsid``
exactly. The value is ``WS``-trimmed, then loses one pair of surrounding double quotes (when
at least two characters long and both ends are ``"``), with no second trim, and must then be
a valid ID. The first ``fsid`` whose value is valid wins.

Only the reduced result (:class:`CookieCandidate`) may leave this module: never the header
or any other cookie (privacy rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from firstparty_sessions.validation import WHITESPACE, is_canonical_shape, strip_ws

__all__ = [
    "COOKIE_NAME",
    "CookieCandidate",
    "CookieStatus",
    "fsid_from_cookie_header",
    "normalize_cookie_value",
]

#: The cookie name, compared case-sensitively.
COOKIE_NAME: Final = "fsid"

CookieStatus = Literal["valid", "malformed", "absent"]


@dataclass(frozen=True, slots=True)
class CookieCandidate:
    """The ``fsid`` cookie of one request, reduced.

    ``status`` is ``valid`` (``session_id`` holds the first valid ``fsid`` value, lowercase),
    ``malformed`` (at least one cookie named ``fsid``, none valid) or ``absent`` (no header,
    an empty header, or no cookie named ``fsid``). ``session_id`` is ``None`` unless valid.
    """

    session_id: str | None
    status: CookieStatus


_ABSENT: Final = CookieCandidate(None, "absent")
_MALFORMED: Final = CookieCandidate(None, "malformed")


def normalize_cookie_value(value: str) -> str | None:
    """Reduce one ``fsid`` cookie value (the text after the first ``=``) to an ID or ``None``.

    Trim ``WS``; if the result is at least two characters long and starts and ends with
    ``"``, drop those two characters (one pair only, and no second trim); the rest must be
    ``8-4-4-4-12`` ASCII hex. Returns the lowercased ID, or ``None`` when invalid.

    >>> normalize_cookie_value(' "01A196FB-167B-8FC8-825D-604E7D01A261" ')
    '01a196fb-167b-8fc8-825d-604e7d01a261'
    >>> normalize_cookie_value('" 01a196fb-167b-8fc8-825d-604e7d01a261"') is None
    True
    """
    text = strip_ws(value)
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
    if not is_canonical_shape(text):
        return None
    return text.lower()


def fsid_from_cookie_header(header: str | None) -> CookieCandidate:
    """Find the session ID carried by the ``fsid`` cookie of a raw ``Cookie`` header.

    >>> fsid_from_cookie_header("fsid=bad; _ga=1; fsid=01A196FB-167B-8FC8-825D-604E7D01A261")
    CookieCandidate(session_id='01a196fb-167b-8fc8-825d-604e7d01a261', status='valid')
    >>> fsid_from_cookie_header("FSID=01a196fb-167b-8fc8-825d-604e7d01a261").status
    'absent'
    """
    if header is None or header == "":
        return _ABSENT
    if not isinstance(header, str):
        raise TypeError(f"cookie header must be str or None, not {type(header).__name__}")
    if COOKIE_NAME not in header:  # fast path: no part can be named fsid
        return _ABSENT
    seen = False
    for part in header.split(";"):
        name, sep, value = part.partition("=")
        if not sep or name.strip(WHITESPACE) != COOKIE_NAME:
            continue
        seen = True
        session_id = normalize_cookie_value(value)
        if session_id is not None:
            return CookieCandidate(session_id, "valid")
    return _MALFORMED if seen else _ABSENT
