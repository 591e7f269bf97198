from __future__ import annotations

import pytest

from sms import replies


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("si", "accept"),
        ("Sí.", "accept"),
        ("SI!", "accept"),
        (" 1 ", "accept"),
        ("1.", "accept"),
        ("sí", "accept"),
        ("NO", "decline"),
        ("no.", "decline"),
        ("2", "decline"),
        ("lugar", "position"),
        ("Posición?", "position"),
        ("STATUS", "position"),
        ("AYUDA", "help"),
        ("help", "help"),
        ("Info", "help"),
        ("alto", "stop"),
        ("Stop", "stop"),
        ("STOP", "stop"),
        ("stop.", "stop"),
        ("STOPALL", "stop"),
        ("unsubscribe", "stop"),
        ("Cancel", "stop"),
        ("end", "stop"),
        ("quit", "stop"),
        ("revoke", "stop"),
        ("optout", "stop"),
        ("PARAR", "stop"),
        ("baja", "stop"),
        ("NO MÁS", "stop"),
        ("no mas", "stop"),
        ("inicio", "start"),
        ("Inicio.", "start"),
        ("START", "start"),
        ("unstop", "start"),
        ("STOP PLEASE", "unknown"),
        ("no gracias", "unknown"),
        ("si, voy", "unknown"),
        ("12", "unknown"),
        ("YES", "unknown"),
        ("", "unknown"),
        ("hola 👋", "unknown"),
    ],
)
def test_replies_are_understood_in_both_languages(text, intent):
    assert replies.parse(text) == intent


def test_fold_drops_accents_case_and_punctuation():
    assert replies.fold("  ¡NO   MÁS!  ") == "no mas"


@pytest.mark.parametrize(
    ("text", "language"),
    [("AYUDA", "es"), ("help", "en"), ("alto", "es"), ("STOP", "en"), ("1", None), ("hola", None)],
)
def test_a_keyword_tells_the_language_of_a_stranger(text, language):
    assert replies.language_of(text) == language


def test_the_registered_handler_gets_job_replies():
    calls = []

    def handler(*, worker, intent, message):
        calls.append((worker, intent, message))

    previous = replies._handler
    replies.register_handler(handler)
    try:
        assert replies.handler_call(worker="w", intent="accept", message="m") is None
    finally:
        replies._handler = previous
    assert calls == [("w", "accept", "m")]
