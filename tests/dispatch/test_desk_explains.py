"""What the desk says about a worker's place: the priority pill before and after the draw, and
"why?" naming each decision once, in Spanish and English."""

from __future__ import annotations

import pytest

from dispatch import reasons
from dispatch.models import SignIn
from dispatch.services import morning, offers
from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def speaking(desk_client, coordinator):
    def make(language: str):
        coordinator.language = language
        coordinator.save(update_fields=["language"])
        return desk_client

    return make


def _signed_in(center, at, count):
    workers = factories.WorkerFactory.create_batch(count, center=center, preferred_language="en")
    for minute, worker in enumerate(workers):
        morning.signin_create(center=center, badge=worker.badge, now=at(f"06:{10 + minute}"))
    return workers


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("en", "ahead of the draw", "drawn ahead (priority)"),
        ("es", "antes del sorteo", "sorteado antes (prioridad)"),
    ],
)
def test_the_priority_pill_says_whether_the_draw_has_happened(
    speaking, center, at, language, before, after
):
    _signed_in(center, at, 3)
    volunteer = SignIn.objects.order_by("pk").last()
    morning.priority_flag_set(signin=volunteer, list_name="volunteer")
    client = speaking(language)
    assert before in client.get("/desk/live/").content.decode()
    morning.lottery_draw(center=center, now=at("07:31"))
    page = client.get("/desk/live/").content.decode()
    assert after in page
    assert before not in page


@pytest.mark.parametrize(
    ("language", "offered", "declined"),
    [("en", "Offered by SMS", "Declined this job"), ("es", "Ofrecido por SMS", "Rechazó")],
)
def test_why_names_each_decision_once(speaking, center, at, language, offered, declined):
    first, second, third = _signed_in(center, at, 3)
    morning.lottery_draw(center=center, now=at("07:31"))
    for position, worker in enumerate((first, second, third), 1):
        SignIn.objects.filter(worker=worker).update(position=position)
    job = factories.JobFactory(center=center, workers_needed=1)
    offers.offers_send(job=job, now=at("08:00"))
    assert offers.offers_answer(worker=first, accept=False, now=at("08:01"))
    # A later walk of the queue (another dispatch, a pass-on) passes over them again.
    signin = SignIn.objects.get(worker=first)
    morning.decisions_record(job=job, skipped=[(signin, reasons.DECLINED)], chosen=[])

    page = speaking(language).get(f"/desk/why/{first.pk}/", **HTMX).content.decode()
    assert page.count(offered) == 1
    assert page.count(declined) == 1
