"""A morning at a Spanish-speaking desk, for the desk's browser tests."""

from __future__ import annotations

from datetime import time

import pytest

from dispatch.services import morning
from tests import factories
from workers.services import worker_search_text

#: Six members called Concepción, as at a real center, and others.
NAMES = [
    ("Concepción", "Concepción Ramírez López"),
    ("Concepción", "Concepción Torres Vega"),
    ("Concepción", "María Concepción Ávila"),
    ("Chuy", "Jesús Ramírez Ortega"),
    ("Lupe", "Guadalupe de la Cruz"),
    ("Beto", "Alberto Núñez"),
]


@pytest.fixture
def spanish_desk(page, login):
    """A center open all day, a Spanish-speaking coordinator logged in at a tablet-sized
    browser, and a function that signs workers in."""
    center = factories.CenterFactory(
        slug="pomona", name="Pomona", signin_opens=time(0, 0), lottery_cutoff=time(23, 59)
    )
    user = factories.StaffFactory(center=center, role="coordinator").user
    user.language = "es"
    user.save()
    page.set_viewport_size({"width": 1024, "height": 768})
    login(user.username)

    def workers(badges, sign_in=False):
        made = []
        for badge in badges:
            known_as, full_name = NAMES[badge % len(NAMES)]
            worker = factories.WorkerFactory(
                center=center, badge=badge, known_as=known_as, full_name=full_name
            )
            worker.search_text = worker_search_text(worker)
            worker.save(update_fields=["search_text"])
            if sign_in:
                morning.signin_create(center=center, badge=badge)
            made.append(worker)
        return made

    return center, user, workers
