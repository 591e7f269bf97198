"""Search ignores accents and case on SQLite and PostgreSQL alike (the folded search_text
column). The suite runs on both databases; the PostgreSQL-marked test makes CI prove it
there even though SQLite runs locally."""

from __future__ import annotations

import pytest
from django.db import connection

from workers.cards import worker_card_code
from workers.selectors import worker_list
from workers.services import worker_create

pytestmark = pytest.mark.django_db

NAMES = ["José Núñez", "MARÍA PEÑA", "Ángel Ibáñez", "Jose Luis Smith"]


def _names(center, term):
    return sorted(w.full_name for w in worker_list(center=center, search=term))


def _register(center):
    for n, name in enumerate(NAMES):
        worker_create(center=center, by=None, full_name=name, phone=f"+1909555010{n}")


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("jose", ["Jose Luis Smith", "José Núñez"]),
        ("JOSÉ", ["Jose Luis Smith", "José Núñez"]),
        ("nunez", ["José Núñez"]),
        ("NÚÑEZ", ["José Núñez"]),
        ("maria pena", ["MARÍA PEÑA"]),
        ("ibanez angel", ["Ángel Ibáñez"]),
        ("(909) 555-0102", ["Ángel Ibáñez"]),
        ("5550103", ["Jose Luis Smith"]),
        ("zapata", []),
    ],
)
def test_search_ignores_accents_and_case(center, term, expected):
    _register(center)
    assert _names(center, term) == expected


def test_an_exact_badge_comes_first(center):
    _register(center)
    first = worker_list(center=center, search="#3").first()
    assert first.badge == 3


@pytest.mark.postgres
def test_search_ignores_accents_and_case_on_postgresql(center):
    assert connection.vendor == "postgresql"
    _register(center)
    assert _names(center, "jose") == ["Jose Luis Smith", "José Núñez"]
    assert _names(center, "nunez") == ["José Núñez"]
    assert _names(center, "PENA") == ["MARÍA PEÑA"]


def test_a_card_scanned_into_the_search_finds_its_worker_only_at_its_center(center, other_center):
    ours = worker_create(center=center, by=None, full_name="Jesús Ortega", badge=15)
    theirs = worker_create(center=other_center, by=None, full_name="Beto Ruiz", badge=15)
    worker_create(center=center, by=None, full_name="Quince Díaz", badge=150)
    assert worker_list(center=center, search=worker_card_code(ours)).first() == ours
    assert list(worker_list(center=center, search=worker_card_code(theirs))) == []
