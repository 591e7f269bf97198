"""The SMS simulator's voice mode in Chromium, in Spanish at 1024x768: a coordinator answers
an offer call as the worker, hears it (text-to-speech text shown), presses 1 and the worker
has the job; then calls the center as the worker and hears their place in line."""

from __future__ import annotations

import pytest

from dispatch.models import Assignment
from dispatch.services import morning, offers
from sms.models import Message
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_answers_an_offer_call_in_the_simulator_and_takes_the_job(
    spanish_desk, page, settings
):
    settings.TWILIO_AUTH_TOKEN = ""  # the simulator signs with the development token
    center, _user, _workers = spanish_desk
    skill = factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura")
    worker = factories.WorkerFactory(
        center=center, known_as="Chuy", phone="+19095550142", contact_preference="voice",
        skills=[skill],
    )  # fmt: skip
    morning.signin_create(center=center, worker=worker)
    morning.lottery_draw(
        center=center, now=center.local_datetime(center.today(), center.lottery_cutoff)
    )
    job = factories.JobFactory(center=center, description="Pintar una barda")
    job.skills.set([skill])
    offers.offers_send(job=job)
    call = Message.objects.get(worker=worker, kind="offer", channel="voice")
    assert call.provider_sid

    page.goto(f"/sms/simulator/?worker={worker.pk}")
    page.wait_for_selector("text=Llamadas")
    page.click(f"button[data-call='{call.pk}']")
    page.wait_for_selector("#sim-call li[data-say]:has-text('Hay un trabajo:')")
    said = page.locator("#sim-call li[data-say]").all_inner_texts()
    assert "Pintura" in said
    assert "Para aceptar el trabajo, marca 1." in said
    assert page.locator("#sim-call li[data-say]").first.get_attribute("lang") == "es-MX"
    page.click("#sim-call button[data-digit='1']")
    page.wait_for_selector("#sim-call li:has-text('Tienes el trabajo. Gracias.')")
    assert Assignment.objects.filter(job=job, worker=worker).count() == 1

    page.click("#sim-call-center")
    page.wait_for_selector("#sim-call li:has-text('Tu número en la fila de hoy es')")
    assert page.locator("#sim-call li:has-text('No estás en la fila de hoy.')").count() == 0
