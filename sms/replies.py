"""What a worker's reply means, in Spanish or English, and who handles it.

The reply is folded (accents, case, punctuation and extra spaces dropped) and matched
whole: "Sí." is "si", " 1 " is "1", but "STOP PLEASE" is not an opt-out (carriers count only a
single keyword) and gets the short help instead. Job answers are 1/SI and 2/NO, never a
carrier keyword: CANCEL opts out of everything and YES opts back in at the carrier.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

ACCEPT = "accept"
DECLINE = "decline"
POSITION = "position"
HELP = "help"
STOP = "stop"
START = "start"
JOIN = "join"
UNKNOWN = "unknown"

INTENTS = (ACCEPT, DECLINE, POSITION, HELP, STOP, START, JOIN, UNKNOWN)
# Intents the dispatch handler answers; sms answers the others itself.
HANDLED_ELSEWHERE = frozenset({ACCEPT, DECLINE, POSITION, JOIN})

KEYWORDS: dict[str, str] = {
    **dict.fromkeys(["1", "si"], ACCEPT),
    **dict.fromkeys(["2", "no"], DECLINE),
    **dict.fromkeys(["lugar", "posicion", "status"], POSITION),
    **dict.fromkeys(["ayuda", "help", "info"], HELP),
    **dict.fromkeys(
        [
            "stop",
            "stopall",
            "unsubscribe",
            "cancel",
            "end",
            "quit",
            "revoke",
            "optout",
            "alto",
            "parar",
            "baja",
            "no mas",
        ],
        STOP,
    ),
    **dict.fromkeys(["start", "unstop", "inicio"], START),
    **dict.fromkeys(["lista", "line"], JOIN),
}

# The language a keyword is written in, to answer a number that belongs to no worker.
SPANISH_KEYWORDS = frozenset(
    {"si", "lugar", "posicion", "ayuda", "alto", "parar", "baja", "no mas", "inicio", "lista"}
)


def fold(text: str) -> str:
    """Lowercase, without accents or punctuation, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        kept.append(ch.casefold() if ch.isalnum() else " ")
    return " ".join("".join(kept).split())


def parse(text: str) -> str:
    """The intent of a reply: accept, decline, position, help, stop, start or unknown."""
    return KEYWORDS.get(fold(text), UNKNOWN)


def language_of(text: str) -> str | None:
    """'es' or 'en' when the reply is a keyword of that language, else None."""
    folded = fold(text)
    if folded not in KEYWORDS or folded.isdigit():
        return None
    return "es" if folded in SPANISH_KEYWORDS else "en"


Handler = Callable[..., "str | None"]
_handler: Handler | None = None


def register_handler(func: Handler) -> None:
    """Set the function that answers accept, decline, position and join replies.

    ``func(*, worker, intent, message)`` returns None when it handled the reply (it queues
    its own answers) or a short reason when nothing was waiting for it."""
    global _handler
    _handler = func


def handler_call(*, worker: Any, intent: str, message: Any) -> str | None:
    """Hand a job reply to the registered handler; a reason string when nobody took it."""
    if _handler is None:
        return "no handler registered"
    return _handler(worker=worker, intent=intent, message=message)
