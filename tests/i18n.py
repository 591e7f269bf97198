"""Find the project's own English on a Spanish page.

``untranslated(texts)`` returns the texts that are an English msgid of
``locale/es/LC_MESSAGES/django.po`` whose Spanish msgstr differs: text a Spanish user should
never see. A msgid with placeholders (``%(n)s signed in``) matches any values in their place
("3 signed in"); one made only of placeholders and punctuation is not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polib

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


def _normal(text: str) -> str:
    return " ".join(text.split())


@cache
def _english() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The msgids translated differently, as exact texts and as patterns."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for entry in polib.pofile(str(CATALOG)):
        if entry.obsolete:
            continue
        spanish = [entry.msgstr, *entry.msgstr_plural.values()]
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if all(text == english for text in spanish if text):
                continue  # the same in both languages ("SMS", "Total")
            english = _normal(english.replace("%%", "%"))
            if not PLACEHOLDER.search(english):
                exact.add(english)
                continue
            words = PLACEHOLDER.sub("", english)
            if len(re.findall(r"[A-Za-z]{3,}", words)) < 2:
                continue  # too little English around the values to tell
            parts = [re.escape(part) for part in PLACEHOLDER.split(english)]
            patterns.append(re.compile("^" + "(.+?)".join(parts) + "$"))
    return frozenset(exact), tuple(patterns)


def untranslated(texts: Iterable[str]) -> list[str]:
    """The texts equal to an English msgid whose Spanish msgstr differs."""
    exact, patterns = _english()
    found = []
    for text in texts:
        text = _normal(text)
        if not text:
            continue
        if text in exact or any(pattern.match(text) for pattern in patterns):
            found.append(text)
    return found
