"""Firstparty session resolution: the reference (authority) implementation in Python.

The rules live in ``docs/rules.md`` of the dbt project; ``docs/contract.md`` is the contract.
Modules:

* :mod:`firstparty_sessions.validation` -- the session-ID validity rule.
* :mod:`firstparty_sessions.ids` -- deterministic minted session IDs.
* :mod:`firstparty_sessions.cookies` -- the ``fsid`` cookie rule.
* :mod:`firstparty_sessions.payload` -- reading the JSON payload.
* :mod:`firstparty_sessions.timestamps` -- parsing ``received_at``.
* :mod:`firstparty_sessions.rejects` -- which raw rows are rejected, and why.
* :mod:`firstparty_sessions.schema` -- the raw columns and the accepted file types.
* :mod:`firstparty_sessions.reference` -- the pandas reference resolver (test oracle).
* :mod:`firstparty_sessions.generate` -- deterministic realistic raw events.
* :mod:`firstparty_sessions.io` -- reading and writing raw event files.
* :mod:`firstparty_sessions.progress` -- progress lines / bar on standard error.
"""

from firstparty_sessions.cookies import CookieCandidate, fsid_from_cookie_header
from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.payload import PayloadFields, read_payload
from firstparty_sessions.timestamps import parse_received_at
from firstparty_sessions.validation import WHITESPACE, normalize_session_id

__all__ = [
    "WHITESPACE",
    "CookieCandidate",
    "PayloadFields",
    "fsid_from_cookie_header",
    "mint_session_id",
    "normalize_session_id",
    "parse_received_at",
    "read_payload",
]

__version__ = "0.1.0"
