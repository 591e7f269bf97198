"""The detector of English on Spanish pages (tests/i18n.py) finds what it should."""

from __future__ import annotations

from tests.i18n import untranslated


def test_an_english_msgid_with_a_different_spanish_text_is_found():
    assert untranslated(["Front desk", "Mesa de entrada", "Rosa"]) == ["Front desk"]


def test_values_in_place_of_placeholders_are_found():
    assert untranslated(["3 SMS offers waiting, until 06:35"]) == [
        "3 SMS offers waiting, until 06:35"
    ]


def test_spanish_text_and_words_the_same_in_both_languages_pass():
    assert untranslated(["Recepción", "SMS", "  ", "Registro hecho: Rosa (tarjeta 12)."]) == []


def test_whitespace_does_not_hide_english():
    assert untranslated(["  Front\n desk "]) == ["Front desk"]
