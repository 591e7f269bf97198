"""Text folding for search that ignores accents and case on SQLite and PostgreSQL alike.

SQLite's LIKE folds ASCII only, so rows keep a folded ``search_text`` column and queries
fold the term the same way: "nunez" finds "Núñez", "JOSE" finds "José".
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
