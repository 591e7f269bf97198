"""Find English text of the project's own catalog on a page meant to be in Spanish.

``untranslated(texts)`` returns the texts that are exactly an English msgid of
``locale/es/LC_MESSAGES/django.po`` whose Spanish differs: words a Spanish page shows in
English. ``visible_texts(html)`` gives what a person reads on a page: its text nodes and
the attributes shown or spoken (``placeholder``, ``title``, ``aria-label``, ``alt``, the
``value`` of buttons), leaving out scripts, styles, machine text (``<code>``, ``<kbd>``) and
anything marked ``lang="en"`` (the "English" of the language switch is meant to be English).

Both are plain functions: the page crawl uses them through the test client, the browser
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


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def english_msgids() -> frozenset[str]:
    """The catalog's English strings whose Spanish is different (placeholders and all)."""
    english = set()
    for entry in polib.pofile(str(CATALOG)):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            spanish = set(entry.msgstr_plural.values())
            pairs = [(entry.msgid, spanish), (entry.msgid_plural, spanish)]
        else:
            pairs = [(entry.msgid, {entry.msgstr})]
        for msgid, translations in pairs:
            if _plain(msgid) and _plain(msgid) not in {_plain(t) for t in translations}:
                english.add(_plain(msgid))
    return frozenset(english)


def untranslated(texts: Iterable[str]) -> list[str]:
    """The texts (whitespace aside) that are an English msgid with a different Spanish."""
    english = english_msgids()
    return [text for text in texts if _plain(text) in english]


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
