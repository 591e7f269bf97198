"""Every translatable string has its Spanish translation, and the compiled catalog is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale/es/LC_MESSAGES/django.po"
MO = ROOT / "locale/es/LC_MESSAGES/django.mo"
SOURCES = ["config", "centers", "workers", "dispatch", "sms", "reports", "templates", "manage.py"]


def _missing(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_the_committed_spanish_catalog_is_complete():
    missing = _missing(polib.pofile(str(PO)))
    assert not missing, f"{len(missing)} strings lack Spanish: {missing[:20]}"


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
