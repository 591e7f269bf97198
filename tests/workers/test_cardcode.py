"""The card's code: center + badge + a Damm check digit, and the one parser of what was typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workers import cardcode
from workers.cardcode import CardCodeError, Scanned, card_code, parse
from workers.errors import RegistryError
from workers.services import worker_create

centers = st.integers(min_value=1, max_value=cardcode.CENTER_MAX)
badges = st.integers(min_value=1, max_value=cardcode.BADGE_MAX)


def test_a_code_is_eleven_digits_center_badge_then_check_digit():
    code = card_code(2, 15)
    assert len(code) == 11
    assert code[:10] == "0002000015"
    assert cardcode.is_valid(code)
    assert parse(code) == Scanned(badge=15, center_number=2)


def test_the_same_badge_at_two_centers_gets_two_codes():
    assert card_code(1, 15) != card_code(2, 15)
    assert parse(card_code(1, 15)).center_number == 1
    assert parse(card_code(2, 15)).center_number == 2


@pytest.mark.parametrize("typed", ["15", " 15 ", "#15", "015", "999999"])
def test_a_short_number_is_a_badge_of_the_desks_center(typed):
    assert parse(typed) == Scanned(badge=int(typed.strip().removeprefix("#")), center_number=None)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("", cardcode.EMPTY),
        ("   ", cardcode.EMPTY),
        ("Chuy", cardcode.NOT_A_NUMBER),
        ("12a", cardcode.NOT_A_NUMBER),
        ("15 16", cardcode.NOT_A_NUMBER),  # two numbers, never badge 1516
        ("0", cardcode.NOT_A_NUMBER),
        ("١٥", cardcode.NOT_A_NUMBER),  # digits of another script are not a scanner's
        ("1234567", cardcode.MISTYPED),  # too long for a badge, too short for a code
        ("0002000015", cardcode.MISTYPED),  # a code with its last digit lost
        ("000200001500", cardcode.MISTYPED),
    ],
)
def test_what_is_no_badge_says_why(typed, kind):
    with pytest.raises(CardCodeError) as error:
        parse(typed)
    assert error.value.kind == kind


def test_a_wrong_check_digit_is_mistyped():
    code = card_code(2, 15)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(CardCodeError) as error:
        parse(wrong)
    assert error.value.kind == cardcode.MISTYPED


def test_numbers_that_do_not_fit_a_code_are_refused():
    with pytest.raises(ValueError, match="badge"):
        card_code(1, cardcode.BADGE_MAX + 1)
    with pytest.raises(ValueError, match="center"):
        card_code(0, 1)


@given(centers, badges)
def test_every_code_reads_back_as_its_center_and_badge(center, badge):
    assert parse(card_code(center, badge)) == Scanned(badge=badge, center_number=center)


@given(centers, badges)
def test_every_single_wrong_digit_is_caught(center, badge):
    code = card_code(center, badge)
    for position in range(len(code)):
        for shift in range(1, 10):
            digit = (int(code[position]) + shift) % 10
            typo = code[:position] + str(digit) + code[position + 1 :]
            with pytest.raises(CardCodeError) as error:
                parse(typo)
            assert error.value.kind == cardcode.MISTYPED, typo


@given(centers, badges)
def test_every_swap_of_two_neighbouring_digits_is_caught(center, badge):
    code = card_code(center, badge)
    for position in range(len(code) - 1):
        if code[position] == code[position + 1]:
            continue  # swapping equal digits changes nothing
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        with pytest.raises(CardCodeError) as error:
            parse(swapped)
        assert error.value.kind == cardcode.MISTYPED, swapped


def test_the_check_catches_the_swap_a_luhn_check_misses():
    """09 ↔ 90 passes a Luhn check; the Damm check catches it."""
    code = card_code(9, 9)  # 0009 000009 K
    for position in (2, 8):
        assert code[position : position + 2] == "09"
        swapped = code[:position] + "90" + code[position + 2 :]
        assert not cardcode.is_valid(swapped)


@pytest.mark.django_db
def test_a_badge_too_long_for_a_card_code_is_refused(center):
    with pytest.raises(RegistryError) as error:
        worker_create(
            center=center, by=None, badge=cardcode.BADGE_MAX + 1, full_name="A B", known_as="A"
        )
    assert error.value.code == "invalid_badge"
