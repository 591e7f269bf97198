"""Every translatable string has its Spanish translation, and the compiled catalog is current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest
from django.utils import translation
from django.utils.translation import ngettext

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale/es/LC_MESSAGES/django.po"
MO = ROOT / "locale/es/LC_MESSAGES/django.mo"
SOURCES = [
    "config",
    "centers",
    "workers",
    "employers",
    "dispatch",
    "wages",
    "sms",
    "reports",
    "templates",
    "manage.py",
]


def _plural_count(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalog's header has no Plural-Forms"
    return int(match.group(1))


def _missing(po: polib.POFile) -> list[str]:
    """Entries without a full Spanish translation: empty, fuzzy, or short of a plural form
    the catalog's ``Plural-Forms`` header requires."""
    forms = _plural_count(po)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            given = entry.msgstr_plural
            complete = all((given.get(n) or "").strip() for n in range(forms))
        else:
            complete = bool(entry.msgstr.strip())
        if not complete or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing


def test_the_committed_spanish_catalog_is_complete():
    missing = _missing(polib.pofile(str(PO)))
    assert not missing, f"{len(missing)} strings lack Spanish: {missing[:20]}"


def test_the_catalog_counts_plurals_as_djangos_spanish_catalog_does():
    """Both catalogs are active on a Spanish page: their plural rules must agree."""
    ours = polib.pofile(str(PO)).metadata["Plural-Forms"]
    django_es = Path(django.__file__).parent / "conf/locale/es/LC_MESSAGES/django.po"
    theirs = polib.pofile(str(django_es)).metadata["Plural-Forms"]
    assert ours.replace(" ", "") == theirs.replace(" ", "")


@pytest.mark.parametrize("count", [0, 1, 2, 5, 21, 1_000_000])
def test_counted_strings_are_spanish_for_every_count(count):
    with translation.override("es"):
        shown = ngettext("%(n)s open wage claim", "%(n)s open wage claims", count) % {"n": count}
    assert "reclamo" in shown
    assert ("abierto" if count == 1 else "abiertos") in shown


def test_the_compiled_catalog_matches_the_po_file():
    po = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(PO))
        if e.translated() and not e.obsolete
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if e.msgid}
    assert po.items() <= mo.items() or po == mo, "run `make messages` to recompile locale/es"
    assert {k: v for k, v in mo.items() if k in po} == po


@pytest.mark.gettext
def test_every_string_in_the_code_is_in_the_spanish_catalog(tmp_path):
    work = tmp_path / "src"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, work / name, ignore=shutil.ignore_patterns("__pycache__", "migrations")
            )
        elif source.exists():
            shutil.copy(source, work / name)
    shutil.copytree(ROOT / "locale", work / "locale")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "--no-location"],
        cwd=work,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(work / "locale/es/LC_MESSAGES/django.po"))
    missing = _missing(fresh)
    assert not missing, f"{len(missing)} strings lack Spanish (run `make messages`): {missing[:20]}"
