"""How the desk names a worker: known-as name, last-name initial, badge."""

from __future__ import annotations

import pytest

from tests import factories
from workers.names import desk_name, surname_initial


@pytest.mark.parametrize(
    ("full_name", "known_as", "initial"),
    [
        ("Concepción Ramírez López", "Concepción", "R."),
        ("Jesús Ramírez Ortega", "Chuy", "R."),
        ("María José Ramírez", "María José", "R."),
        ("María Concepción Ávila", "Concepción", "Á."),
        ("José de la Cruz", "José", "C."),
        ("Guadalupe de la Cruz", "Lupe", "C."),
        ("concepción núñez", "CONCEPCION", "N."),
        ("Beto", "Beto", ""),
        ("", "Beto", ""),
    ],
)
def test_the_initial_is_the_first_family_name(full_name, known_as, initial):
    assert surname_initial(full_name, known_as) == initial


def test_six_workers_called_concepcion_are_told_apart(db):
    center = factories.CenterFactory()
    names = [
        "Concepción Ramírez López",
        "Concepción Torres Vega",
        "Concepción Ramírez Soto",
        "Concepción Ávila",
    ]
    workers = [
        factories.WorkerFactory(center=center, known_as="Concepción", full_name=name)
        for name in names
    ]
    labels = [worker.desk_name for worker in workers]
    assert labels[0] == f"Concepción R. · #{workers[0].badge}"
    assert labels[3] == f"Concepción Á. · #{workers[3].badge}"
    assert len(set(labels)) == len(labels)


def test_an_erased_worker_is_named_by_known_as_and_badge():
    assert desk_name(known_as="", full_name="", badge=15) == " · #15"
    assert desk_name(known_as="Chuy", full_name="", badge=15) == "Chuy · #15"
