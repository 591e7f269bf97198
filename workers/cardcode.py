"""The code on a worker's ID card: unique in the whole network, with a check digit.

A card's barcode and QR hold an 11-digit code ``CCCC BBBBBB K``: the center's number (4
digits), the badge (6 digits) and a Damm check digit over those ten digits. The Damm
check catches every single wrong digit and every swap of two neighbouring digits (Luhn
misses 09↔90). The printed short badge number stays as it is for people.

What a scanner or a person types is read by :func:`parse`:

- 11 digits: a card code; a failed check digit means it was mistyped;
- 1 to 6 digits: a short badge number, of the center where it is typed (cards printed
  before the codes hold the bare badge number, so they keep working at their own center);
- anything else of digits (7–10, 12 or more): a mistyped code.

Pure: no Django, no database (the caller turns the center number into a center).
"""

from __future__ import annotations

from dataclasses import dataclass

CENTER_DIGITS = 4
BADGE_DIGITS = 6
CODE_LENGTH = CENTER_DIGITS + BADGE_DIGITS + 1
CENTER_MAX = 10**CENTER_DIGITS - 1
BADGE_MAX = 10**BADGE_DIGITS - 1

EMPTY, NOT_A_NUMBER, MISTYPED = "empty", "not_a_number", "mistyped"

# The Damm quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


class CardCodeError(ValueError):
    """What was typed is no badge: ``kind`` is EMPTY, NOT_A_NUMBER or MISTYPED."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(f"{kind}: {text!r}")
        self.kind = kind
        self.text = text


@dataclass(frozen=True)
class Scanned:
    """A badge, and the center its card names (None for a short badge typed by hand)."""

    badge: int
    center_number: int | None = None


def check_digit(digits: str) -> int:
    """The Damm check digit of a string of digits."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return interim


def is_valid(code: str) -> bool:
    """True when ``code`` (digits, check digit last) passes the Damm check."""
    return code.isdigit() and check_digit(code) == 0


def card_code(center_number: int, badge: int) -> str:
    """The 11-digit code printed in a card's barcode and QR."""
    if not 1 <= center_number <= CENTER_MAX:
        raise ValueError(f"center number {center_number} does not fit {CENTER_DIGITS} digits")
    if not 1 <= badge <= BADGE_MAX:
        raise ValueError(f"badge {badge} does not fit {BADGE_DIGITS} digits")
    body = f"{center_number:0{CENTER_DIGITS}d}{badge:0{BADGE_DIGITS}d}"
    return body + str(check_digit(body))


def parse(text: str) -> Scanned:
    """What was scanned or typed, as a badge and maybe its card's center; raises
    :class:`CardCodeError` for nothing, words, or a mistyped code."""
    # Only the ends are trimmed: "15 16" is two numbers, never badge 1516.
    cleaned = str(text).strip().removeprefix("#")
    if not cleaned:
        raise CardCodeError(EMPTY, str(text))
    if not cleaned.isascii() or not cleaned.isdigit():
        raise CardCodeError(NOT_A_NUMBER, str(text))
    if len(cleaned) <= BADGE_DIGITS:
        badge = int(cleaned)
        if badge == 0:
            raise CardCodeError(NOT_A_NUMBER, str(text))
        return Scanned(badge=badge)
    if len(cleaned) != CODE_LENGTH or not is_valid(cleaned):
        raise CardCodeError(MISTYPED, str(text))
    center_number = int(cleaned[:CENTER_DIGITS])
    badge = int(cleaned[CENTER_DIGITS : CENTER_DIGITS + BADGE_DIGITS])
    if center_number == 0 or badge == 0:
        raise CardCodeError(MISTYPED, str(text))
    return Scanned(badge=badge, center_number=center_number)
