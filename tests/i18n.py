"""Find English text of the project's own catalog on a page meant to be in Spanish.

``untranslated(texts)`` returns the texts that are exactly an English msgid of
``locale/es/LC_MESSAGES/django.po`` whose Spanish differs: words a Spanish page shows in
English. ``visible_texts(html)`` gives what a person reads on a page: its text nodes and
the attributes shown or spoken (``placeholder``, ``title``, ``aria-label``, ``alt``, the
``value`` of buttons), leaving out scripts, styles, machine text (``<code>``, ``<kbd>``) and
anything marked ``lang="en"`` (the "English" of the language switch is meant to be English).

A msgid with placeholders matches any values in their place ("3 signed in"); one made only
of placeholders and punctuation is not looked for. Both are plain functions: the page crawl uses them through the test client, the browser
tests on the text Chromium shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOG = Path(__file__).resolve().parents[1] / "locale/es/LC_MESSAGES/django.po"
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}
HIDDEN_CONTENT = {"script", "style", "template", "noscript"}
#: Machine text shown as such (a message kind's code, a keyword to type): not a language.
MACHINE_TEXT = {"code", "kbd", "samp"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def _english() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The msgids whose Spanish is different, as exact texts and, for a msgid with
    placeholders (``%(n)s signed in``), as patterns matching any values in their place."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for entry in polib.pofile(str(CATALOG)):
        if entry.obsolete:
            continue
        spanish = {_plain(text) for text in (entry.msgstr, *entry.msgstr_plural.values())}
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            english = _plain(english.replace("%%", "%"))
            if not english or english in spanish:
                continue  # the same in both languages ("SMS", "Total")
            if not PLACEHOLDER.search(english):
                exact.add(english)
                continue
            words = PLACEHOLDER.sub("", english)
            if len(re.findall(r"[A-Za-z]{3,}", words)) < 2:
                continue  # too little English around the values to tell
            parts = [re.escape(part) for part in PLACEHOLDER.split(english)]
            patterns.append(re.compile("^" + "(.+?)".join(parts) + "$"))
    return frozenset(exact), tuple(patterns)


def english_msgids() -> frozenset[str]:
    """The catalog's English strings (without placeholders) whose Spanish is different."""
    return _english()[0]


def untranslated(texts: Iterable[str]) -> list[str]:
    """The texts (whitespace aside) that are an English msgid with a different Spanish."""
    exact, patterns = _english()
    found = []
    for text in texts:
        plain = _plain(text)
        if plain and (plain in exact or any(pattern.match(plain) for pattern in patterns)):
            found.append(text)
    return found


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden or English)

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        hidden = (
            self._hidden()
            or tag in HIDDEN_CONTENT
            or tag in MACHINE_TEXT
            or a.get("lang", "").lower().startswith("en")
            or (tag == "input" and a.get("type", "").lower() == "hidden")
        )
        if not hidden:
            self.texts.extend(a[name] for name in SHOWN_ATTRIBUTES if a.get(name))
            if tag == "input" and a.get("type", "").lower() in BUTTON_INPUTS and a.get("value"):
                self.texts.append(a["value"])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden() and _plain(data):
            self.texts.append(_plain(data))


def visible_texts(html: str) -> list[str]:
    """What a person reads on the page: text nodes and shown attributes, in page order."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.texts


def untranslated_on_page(html: str) -> list[str]:
    return untranslated(visible_texts(html))
