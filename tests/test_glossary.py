"""The Spanish catalog follows docs/glossary.md: no translation uses a term it rules out."""

from __future__ import annotations

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOG = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


def ruled_out() -> list[str]:
    """The terms in backticks in the glossary table's "Not" column."""
    terms: list[str] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "---"):
            terms += re.findall(r"`([^`]+)`", cells[2])
    return terms


def spanish_texts() -> list[tuple[str, str]]:
    rows = []
    for entry in polib.pofile(str(CATALOG)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                rows.append((entry.msgid, text))
    return rows


def test_the_glossary_rules_out_the_terms_the_center_stopped_using():
    assert {"rifa", "gafete", "credencial", "carta de reclamo"} <= set(ruled_out())


def test_no_spanish_translation_uses_a_term_the_glossary_rules_out():
    patterns = {term: re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE) for term in ruled_out()}
    offending = [
        f"{msgid!r} → {text!r} uses “{term}”"
        for msgid, text in spanish_texts()
        for term, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert offending == []


def test_the_check_catches_a_ruled_out_term():
    pattern = re.compile(r"\brifa\b", re.IGNORECASE)
    assert pattern.search("La Rifa de hoy")
    assert not pattern.search("Sorteo hecho")
