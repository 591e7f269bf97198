"""The desk in Spanish on a tablet (1024×768): a card of another center is refused, and a
worker given a job out of turn needs a reason chosen on the desk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest

from dispatch import reasons
from dispatch.models import Assignment, DispatchDecision, SignIn
from dispatch.services import morning
from tests import factories
from workers.cards import worker_card_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCANNER_KEY_DELAY_MS = 30


@pytest.fixture
def tablet(browser, live_server) -> Iterator[object]:
    """A tablet at the desk whose browser asks for Spanish."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 768}, locale="es-MX"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def _log_in(tab, user) -> None:
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", factories.PASSWORD)
    tab.click("#login-submit")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)


def _centers():
    pomona = factories.CenterFactory(
        slug="pomona", name="Pomona", signin_opens=time(0, 0), lottery_cutoff=time(23, 59)
    )
    graton = factories.CenterFactory(
        slug="graton", name="Graton", signin_opens=time(0, 0), lottery_cutoff=time(23, 59)
    )
    return pomona, graton


def test_a_graton_card_scanned_at_pomona_is_refused_in_spanish(tablet):
    pomona, graton = _centers()
    ours = factories.WorkerFactory(center=pomona, badge=15, known_as="Chuy")
    theirs = factories.WorkerFactory(center=graton, badge=15, known_as="Beto")
    user = factories.StaffFactory(center=pomona, role="coordinator").user
    _log_in(tablet, user)
    tablet.goto("/desk/")
    assert tablet.locator("#scan").evaluate("el => el === document.activeElement")

    # The scanner types Graton's card code into Pomona's scan box, then Enter.
    tablet.keyboard.type(worker_card_code(theirs), delay=SCANNER_KEY_DELAY_MS)
    tablet.keyboard.press("Enter")
    refusal = tablet.locator("#scan-answers li.scan-bad")
    refusal.wait_for()
    assert refusal.locator(".scan-text").inner_text() == "Esta tarjeta es de Graton."
    assert tablet.locator("#scan").input_value() == ""
    assert not SignIn.objects.exists()

    # Pomona's own card for #15 signs in Pomona's #15.
    tablet.keyboard.type(worker_card_code(ours), delay=SCANNER_KEY_DELAY_MS)
    tablet.keyboard.press("Enter")
    tablet.locator("#scan-answers li.scan-good").wait_for()
    assert list(SignIn.objects.values_list("worker", flat=True)) == [ours.pk]


def test_assigning_out_of_turn_at_the_desk_asks_for_a_reason_in_spanish(tablet):
    pomona, _graton = _centers()
    roofing = factories.SkillFactory(code="roofing", name_en="Roofing", name_es="Techos")
    workers = []
    for badge in (1, 2, 3):
        worker = factories.WorkerFactory(center=pomona, badge=badge, known_as=f"Trabajador{badge}")
        worker.skills.set([roofing])
        morning.signin_create(center=pomona, badge=badge)
        workers.append(worker)
    draw = morning.lottery_draw(center=pomona)
    last = next(w for w in workers if w.badge == draw.order[-1])
    job = factories.JobFactory(
        center=pomona, description="Reparar un techo", workers_needed=1, date=pomona.today()
    )
    job.skills.set([roofing])
    user = factories.StaffFactory(center=pomona, role="coordinator").user
    _log_in(tablet, user)
    tablet.goto("/desk/")

    # The coordinator types the last worker's badge into the job's "assign" box.
    box = tablet.locator(f"#assign-{job.pk}")
    box.click()
    box.type(str(last.badge), delay=SCANNER_KEY_DELAY_MS)
    tablet.locator("article.job:has-text('Reparar un techo') .assign-badge button").click()

    question = tablet.locator("#desk-detail .scan-bad")
    question.wait_for()
    assert "está fuera de turno" in question.inner_text()
    assert "2 trabajadores elegibles van antes en la fila" in question.inner_text()
    assert not Assignment.objects.exists()
    form = tablet.locator("#out-of-turn-form")
    assert form.is_visible()
    assert form.locator("legend").inner_text() == "¿Por qué va este trabajador fuera de turno?"

    form.get_by_label("Vuelve al mismo trabajo").check()
    form.get_by_role("button", name="Asignar con este motivo").click()
    tablet.locator("#desk-detail .scan-good").wait_for()
    assert tablet.locator("#out-of-turn-form").count() == 0

    assignment = Assignment.objects.get()
    assert assignment.worker == last
    decision = DispatchDecision.objects.get(outcome="chosen")
    assert decision.out_of_turn == reasons.AHEAD_OF_LINE
    assert decision.out_of_turn_reason == "same_job"
    assert decision.decided_by == user
