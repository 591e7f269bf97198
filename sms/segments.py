"""How many SMS segments a text costs, and in which encoding. Pure: no Django here.

GSM-7 (GSM 03.38) carries 160 septets in one segment and 153 per part of a longer message
(the rest is the concatenation header); the characters of its extension table cost two
septets and an escape is never split across parts. Any character outside GSM-7 switches
the whole message to UCS-2: 70 code units in one segment, 67 per part, and a character
outside the Basic Multilingual Plane (an emoji) costs two units that are never split.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE = {GSM7: 160, UCS2: 70}
PART = {GSM7: 153, UCS2: 67}

# Characters with an obvious GSM-7 stand-in (typographic punctuation and spaces).
_STAND_INS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2022": "-",
    "\u00b4": "'",
    "\u0060": "'",
}


@dataclass(frozen=True)
class Count:
    encoding: str
    length: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    remaining: int  # units still free in the last segment


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def encoding(text: str) -> str:
    return GSM7 if is_gsm7(text) else UCS2


def _units(ch: str, enc: str) -> int:
    if enc == GSM7:
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1


def count(text: str) -> Count:
    """Encoding, length and segments of ``text`` as a handset and Twilio count them."""
    enc = encoding(text)
    costs = [_units(ch, enc) for ch in text]
    length = sum(costs)
    if length <= SINGLE[enc]:
        return Count(enc, length, 1, SINGLE[enc] - length)
    segments, used = 1, 0
    for cost in costs:
        if used + cost > PART[enc]:
            segments, used = segments + 1, 0
        used += cost
    return Count(enc, length, segments, PART[enc] - used)


def gsm_fold(text: str) -> str:
    """Replace characters outside GSM-7 that have a plain stand-in, so a Spanish text stays
    GSM-7: á í ó ú → a i o u, curly quotes → straight ones, dashes → '-'. Letters GSM-7 has
    (é ñ ü ¿ ¡) and characters with no stand-in (emoji) are kept as they are."""
    out = []
    for ch in text:
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
        elif ch in _STAND_INS:
            out.append(_STAND_INS[ch])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
            )
            out.append(base if base and is_gsm7(base) else ch)
    return "".join(out)
