"""The SMS simulator in a real browser: a reply typed on a worker's phone gets its answer."""

from __future__ import annotations

import pytest

from sms.models import Message
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_replies_as_a_worker_and_sees_the_answer_on_the_phone(page, login, settings):
    settings.TWILIO_AUTH_TOKEN = ""  # the simulator signs with the development token
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    user = factories.StaffFactory(center=center, role="coordinator").user
    worker = factories.WorkerFactory(
        center=center, known_as="Chuy", phone="+19095550142", preferred_language="es"
    )
    login(user.username)
    page.goto("/sms/simulator/")
    page.wait_for_selector(f"text=#{worker.badge} Chuy")
    page.fill("#sim-body", "ayuda")
    page.click("#sim-send")
    answer = page.wait_for_selector(".sim-msg.theirs[data-kind=help]")
    assert "trabajos por mensaje" in answer.inner_text()
    assert page.locator(".sim-msg.mine").inner_text().startswith("ayuda")
    assert page.input_value("#sim-body") == ""
    page.click("button[name=quick][value=ALTO]")
    page.wait_for_selector(".sim-msg.theirs[data-kind=opted_out]")
    assert Message.objects.filter(direction="in").count() == 2
