"""The untranslated-text detector the crawl and the browser tests share (tests/i18n.py)."""

from __future__ import annotations

from tests.i18n import untranslated, untranslated_on_page, visible_texts


def test_english_msgids_with_a_different_spanish_are_found_whitespace_aside():
    assert untranslated(["Draw now", "Despachar al siguiente", "  Draw\n   now "]) == [
        "Draw now",
        "  Draw\n   now ",
    ]


def test_strings_spanish_writes_the_same_way_and_other_text_pass():
    assert untranslated(["SMS", "Rosa María", "#1024", ""]) == []


def test_counted_strings_are_found_in_both_forms():
    assert untranslated(["%(n)s open wage claims", "%(n)s open wage claim"]) == [
        "%(n)s open wage claims",
        "%(n)s open wage claim",
    ]


def test_a_page_is_read_as_a_person_reads_it():
    html = """
      <h1>Draw now</h1>
      <input placeholder="Badge" name="q"><input type="hidden" value="Badge">
      <button type="submit" title="Offer by SMS">Ofrecer</button>
      <input type="submit" value="Save ratings">
      <script>var label = "Draw now";</script>
      <button lang="en">English</button><code>offer</code>
      <img src="x.png" alt="Print"><br>
      <p>Queue</p>
    """
    assert visible_texts(html) == [
        "Draw now", "Badge", "Offer by SMS", "Ofrecer", "Save ratings", "Print", "Queue",
    ]  # fmt: skip
    assert untranslated_on_page(html) == [
        "Draw now", "Badge", "Offer by SMS", "Save ratings", "Print", "Queue",
    ]  # fmt: skip


def test_an_english_msgid_with_a_different_spanish_text_is_found():
    assert untranslated(["Front desk", "Mesa de entrada", "Rosa"]) == ["Front desk"]


def test_values_in_place_of_placeholders_are_found():
    assert untranslated(["3 SMS offers waiting, until 06:35"]) == [
        "3 SMS offers waiting, until 06:35"
    ]


def test_spanish_text_and_words_the_same_in_both_languages_pass():
    assert untranslated(["Recepción", "SMS", "  ", "Registro hecho: Rosa (tarjeta 12)."]) == []


def test_whitespace_does_not_hide_english():
    assert untranslated(["  Front\n desk "]) == ["  Front\n desk "]
