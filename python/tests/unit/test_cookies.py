"""The fsid cookie rule, case by case and against a straightforward model."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firstparty_sessions.cookies import (
    CookieCandidate,
    fsid_from_cookie_header,
    normalize_cookie_value,
)

from ._helpers import EXAMPLE_ID, UUID_A, UUID_B

UPPER = EXAMPLE_ID.upper()


@pytest.mark.parametrize(
    ("header", "status", "session_id"),
    [
        (None, "absent", None),
        ("", "absent", None),
        ("   ", "absent", None),
        (";;;", "absent", None),
        ("_ga=GA1.2.3.4; auth_token=secret", "absent", None),
        (f"fsid={EXAMPLE_ID}", "valid", EXAMPLE_ID),
        (f"fsid={UPPER}", "valid", EXAMPLE_ID),
        (f"_ga=1; fsid={UUID_A}; theme=dark", "valid", UUID_A),
        # the first valid one of several wins; invalid ones before it are skipped
        (f"fsid={UUID_A}; fsid={UUID_B}", "valid", UUID_A),
        (f"fsid=deleted; fsid={UUID_B}", "valid", UUID_B),
        (f'fsid=; fsid=""; fsid={UUID_B}; fsid={UUID_A}', "valid", UUID_B),
        ("fsid=deleted", "malformed", None),
        ("fsid=", "malformed", None),
        ("a=1; fsid=; b=2", "malformed", None),
        # other cookie names
        (f"FSID={EXAMPLE_ID}", "absent", None),
        (f"Fsid={EXAMPLE_ID}", "absent", None),
        (f"xfsid={EXAMPLE_ID}", "absent", None),
        (f"fsid_old={EXAMPLE_ID}", "absent", None),
        (f"fsid2={EXAMPLE_ID}; _fsid={EXAMPLE_ID}", "absent", None),
        (f"FSID={EXAMPLE_ID}; fsid=bad", "malformed", None),
        (f"xfsid={UUID_A}; fsid={UUID_B}", "valid", UUID_B),
        # quotes: one pair removed, no second trim
        (f'fsid="{EXAMPLE_ID}"', "valid", EXAMPLE_ID),
        (f'fsid= "{UPPER}" ', "valid", EXAMPLE_ID),
        (f'fsid=""{EXAMPLE_ID}""', "malformed", None),
        (f'fsid=" {EXAMPLE_ID}"', "malformed", None),
        (f'fsid="{EXAMPLE_ID} "', "malformed", None),
        (f'fsid="{EXAMPLE_ID}', "malformed", None),
        (f'fsid={EXAMPLE_ID}"', "malformed", None),
        ('fsid="', "malformed", None),
        ('fsid=""', "malformed", None),
        # parts without '=' name no cookie and are skipped
        ("fsid", "absent", None),
        (f"fsid; fsid={UUID_A}", "valid", UUID_A),
        (f"httponly; secure; fsid={UUID_A}", "valid", UUID_A),
        # '=' inside a value: split at the first '=' only
        (f"fsid={EXAMPLE_ID}=", "malformed", None),
        (f"fsid==={EXAMPLE_ID}", "malformed", None),
        (f"tok=a=b==; fsid={UUID_A}", "valid", UUID_A),
        (f"fsid=x=y; fsid={UUID_A}", "valid", UUID_A),
        # WS around names and values is trimmed (the six characters only)
        (f" \t fsid \t = \t {UUID_A} \t ", "valid", UUID_A),
        (f"\x0bfsid\x0c=\r{UUID_A}\n", "valid", UUID_A),
        (f"\u00a0fsid={UUID_A}", "absent", None),
        (f"fsid=\u00a0{UUID_A}", "malformed", None),
        # ',' is not a separator
        (f"a=1, fsid={UUID_A}", "absent", None),
        (f"fsid={UUID_A}, b=2", "malformed", None),
        # a name that contains 'fsid' but is not exactly fsid after trimming
        (f"fs id={UUID_A}", "absent", None),
        (f"f\tsid={UUID_A}", "absent", None),
    ],
)
def test_cookie_rule(header: str | None, status: str, session_id: str | None) -> None:
    assert fsid_from_cookie_header(header) == CookieCandidate(session_id, status)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EXAMPLE_ID, EXAMPLE_ID),
        (f' "{UPPER}"\t', EXAMPLE_ID),
        (f'"{EXAMPLE_ID}"', EXAMPLE_ID),
        (f'"" {EXAMPLE_ID}', None),
        (f"'{EXAMPLE_ID}'", None),
        ('"', None),
        ("", None),
    ],
)
def test_normalize_cookie_value(value: str, expected: str | None) -> None:
    assert normalize_cookie_value(value) == expected


def test_candidate_is_frozen() -> None:
    candidate = fsid_from_cookie_header(f"fsid={UUID_A}")
    with pytest.raises(AttributeError):
        candidate.status = "absent"  # type: ignore[misc]


# --- model-based: headers built from random cookie lists -----------------------------------

WS = " \t\n\r\x0b\x0c"
ws = st.text(alphabet=WS, max_size=2)
uuids = st.integers(min_value=0, max_value=2**128 - 1).map(lambda n: str(uuid.UUID(int=n)))


@st.composite
def fsid_values(draw: st.DrawFn) -> tuple[str, str | None]:
    """A cookie value and the ID the rule must read from it (None when invalid)."""
    canonical = draw(uuids)
    text = canonical.upper() if draw(st.booleans()) else canonical
    kind = draw(
        st.sampled_from(["plain", "quoted", "quoted_inner_ws", "garbage", "empty", "double"])
    )
    if kind == "plain":
        return draw(ws) + text + draw(ws), canonical
    if kind == "quoted":
        return draw(ws) + '"' + text + '"' + draw(ws), canonical
    if kind == "quoted_inner_ws":
        inner = draw(st.text(alphabet=WS, min_size=1, max_size=2))
        return '"' + inner + text + '"', None
    if kind == "double":
        return '""' + text + '""', None
    if kind == "empty":
        return draw(ws), None
    garbage = draw(st.text(alphabet='abcdefxyz0123456789-{}" =', min_size=1, max_size=40))
    return "x" + garbage, None  # 'x' is not hex: never a valid ID


names = st.sampled_from(["fsid", "FSID", "Fsid", "xfsid", "fsid_old", "_ga", "auth", "f sid"])


@st.composite
def cookie_lists(draw: st.DrawFn) -> list[tuple[str, str, str | None, bool]]:
    """(name text, value text, expected ID, is an fsid cookie) for each cookie."""
    out: list[tuple[str, str, str | None, bool]] = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        name = draw(names)
        value, expected = draw(fsid_values())
        padded = draw(ws) + name + draw(ws)
        out.append((padded, value, expected, name == "fsid"))
    return out


@given(cookie_lists(), st.sampled_from(["; ", ";", " ;  "]), st.booleans())
def test_against_a_model(
    cookies: list[tuple[str, str, str | None, bool]], separator: str, bare_flag: bool
) -> None:
    parts = [f"{name}={value}" for name, value, _, _ in cookies]
    if bare_flag:
        parts.insert(len(parts) // 2, "HttpOnly")  # a part without '='
    header = separator.join(parts)
    fsid_cookies = [(expected, is_fsid) for _, _, expected, is_fsid in cookies if is_fsid]
    first_valid = next((expected for expected, _ in fsid_cookies if expected is not None), None)
    if first_valid is not None:
        model = CookieCandidate(first_valid, "valid")
    elif fsid_cookies:
        model = CookieCandidate(None, "malformed")
    else:
        model = CookieCandidate(None, "absent")
    assert fsid_from_cookie_header(header) == model


@given(st.text())
def test_never_raises_and_only_returns_fsid_information(header: str) -> None:
    candidate = fsid_from_cookie_header(header)
    assert candidate.status in ("valid", "malformed", "absent")
    assert (candidate.session_id is not None) == (candidate.status == "valid")
    if candidate.session_id is not None:
        assert candidate.session_id in header.lower()
