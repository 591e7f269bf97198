"""Attendance by scan, in Spanish at a tablet-sized desk: the coordinator picks the day's
training, scans cards back to back, and each Enter records exactly that worker once, with a
clear answer for a second scan and for a card of another center."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import factories
from workers import activities
from workers.cards import worker_card_code
from workers.models import Activity, Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERED = "#scan-answers li.scan-answer:not(.scan-pending)"


def _scan(page, typed):
    page.keyboard.type(str(typed), delay=30)
    page.keyboard.press("Enter")


def test_scanning_cards_in_attendance_mode_records_each_worker_once(spanish_desk, page):
    center, _user, workers = spanish_desk
    osha = activities.activity_create(
        center=center,
        kind=Activity.Kind.SAFETY,
        training="osha10",
        title="OSHA-10",
        date=center.today(),
        start_time=time(9, 0),
        hours=Decimal("10"),
        capacity=4,
    )
    people = workers([7, 8, 14, 61, 71])
    graton = factories.CenterFactory(slug="graton", name="Graton")
    stranger = factories.WorkerFactory(center=graton, badge=9)

    page.goto("/desk/")
    page.select_option("#scan-mode-activity", str(osha.pk))
    expect(page.locator("#attendance-mode")).to_contain_text("Modo asistencia: OSHA-10")
    expect(page.locator("label.scan-label")).to_contain_text("Asistencia a OSHA-10")
    page.locator("#scan").focus()

    cards = [worker_card_code(w) for w in people[:3]]
    typed = [*cards, cards[0], worker_card_code(stranger), "61", "71"]
    for code in typed:  # back to back, as a scanner types
        _scan(page, code)
    assert page.input_value("#scan") == ""
    expect(page.locator(ANSWERED)).to_have_count(len(typed), timeout=30_000)

    answers = [a.inner_text() for a in page.locator("#scan-answers .scan-text").all()][::-1]
    assert answers[0] == f"Asistencia registrada: {people[0].desk_name} en OSHA-10."
    assert "ya está registrada" in answers[3]
    assert "Esta tarjeta es de Graton" in answers[4]
    assert answers[5] == f"Asistencia registrada: {people[3].desk_name} en OSHA-10."
    assert "La actividad está llena (4 de 4 lugares)" in answers[6]
    recorded = Attendance.objects.filter(activity=osha).order_by("recorded_at", "pk")
    assert [a.worker.badge for a in recorded] == [7, 8, 14, 61]
    assert not center.signins.exists()
    assert page.evaluate("document.activeElement.id") == "scan"

    page.click("text=lista de asistencia")
    expect(page.locator("#attendance-rows tbody tr")).to_have_count(4)
