"""The validity rule: trim exactly the six WS characters, 8-4-4-4-12 ASCII hex, lowercase."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firstparty_sessions.validation import WHITESPACE, is_canonical_shape, normalize_session_id

from ._helpers import EXAMPLE_ID

UPPER = EXAMPLE_ID.upper()


def test_whitespace_is_exactly_the_six_ascii_characters() -> None:
    assert WHITESPACE == " \t\n\r\x0b\x0c"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EXAMPLE_ID, EXAMPLE_ID),
        (UPPER, EXAMPLE_ID),
        ("01A196fb-167B-8fc8-825D-604e7d01A261", EXAMPLE_ID),
        ("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"),
        ("ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
        # any version / variant nibble
        ("01a196fb-167b-0fc8-f25d-604e7d01a261", "01a196fb-167b-0fc8-f25d-604e7d01a261"),
        (" \t\n\r\x0b\x0c" + EXAMPLE_ID + "\x0c\x0b\r\n\t ", EXAMPLE_ID),
        (EXAMPLE_ID + "\n", EXAMPLE_ID),
    ],
)
def test_valid_candidates_are_trimmed_and_lowercased(value: str, expected: str) -> None:
    assert normalize_session_id(value) == expected


@pytest.mark.parametrize("space", list(WHITESPACE))
def test_each_whitespace_character_is_trimmed_on_either_side(space: str) -> None:
    assert normalize_session_id(space + UPPER) == EXAMPLE_ID
    assert normalize_session_id(UPPER + space * 3) == EXAMPLE_ID


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "\u00a0" + EXAMPLE_ID,  # NO-BREAK SPACE is not white space here
        EXAMPLE_ID + "\u00a0",
        "\u2028" + EXAMPLE_ID,
        "\u3000" + EXAMPLE_ID,
        "\ufeff" + EXAMPLE_ID,
        "\x1c" + EXAMPLE_ID,  # str.strip() would remove these separators
        EXAMPLE_ID + "\x85",
        "{" + EXAMPLE_ID + "}",
        "urn:uuid:" + EXAMPLE_ID,
        '"' + EXAMPLE_ID + '"',
        EXAMPLE_ID.replace("-", ""),
        EXAMPLE_ID + "0",
        EXAMPLE_ID[:-1],
        EXAMPLE_ID[:-1] + "g",
        EXAMPLE_ID.replace("-", "_"),
        "01a196fb-167b8-fc8-825d-604e7d01a261",
        EXAMPLE_ID + "\nx",
        "x\n" + EXAMPLE_ID,
        EXAMPLE_ID.replace("1", "\uff11"),  # FULLWIDTH DIGIT ONE
        EXAMPLE_ID.replace("0", "\u0660"),  # ARABIC-INDIC DIGIT ZERO
        EXAMPLE_ID.replace("a", "\u0430"),  # CYRILLIC SMALL A
        EXAMPLE_ID.replace("f", "\uff46"),  # FULLWIDTH f
        EXAMPLE_ID + " x",
        EXAMPLE_ID[:10] + " " + EXAMPLE_ID[11:],
    ],
)
def test_invalid_strings(value: str) -> None:
    assert normalize_session_id(value) is None


@pytest.mark.parametrize(
    "value",
    [
        None,
        123,
        1.5,
        True,
        b"01a196fb-167b-8fc8-825d-604e7d01a261",
        uuid.UUID(EXAMPLE_ID),
        {"id": EXAMPLE_ID},
        [EXAMPLE_ID],
    ],
)
def test_non_strings_are_never_valid(value: object) -> None:
    assert normalize_session_id(value) is None


def test_shape_check_is_a_full_match_not_dollar_anchored() -> None:
    # re.match(r"...$") would accept a trailing newline; the shape check must not.
    assert is_canonical_shape(EXAMPLE_ID)
    assert not is_canonical_shape(EXAMPLE_ID + "\n")
    assert not is_canonical_shape(" " + EXAMPLE_ID)


padding = st.text(alphabet=WHITESPACE, max_size=4)


@given(st.integers(min_value=0, max_value=2**128 - 1), st.data(), padding, padding)
def test_any_uuid_in_any_case_with_ws_padding_is_valid(
    number: int, data: st.DataObject, left: str, right: str
) -> None:
    canonical = str(uuid.UUID(int=number))
    mixed = "".join(char.upper() if data.draw(st.booleans()) else char for char in canonical)
    assert normalize_session_id(left + mixed + right) == canonical


@given(st.text())
def test_result_is_none_or_the_trimmed_lowercased_input(text: str) -> None:
    result = normalize_session_id(text)
    if result is not None:
        assert result == text.strip(WHITESPACE).lower()
        assert str(uuid.UUID(result)) == result
