"""A center admin records in Spanish what the assembly voted: first the replay of the
lottery modes, one click from the form, then the decision, typed at real speed; the
setting waits for its date. And a floor for a kind of work refuses a job below it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from centers.models import AssemblyDecision
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_into(page, selector, text):
    page.click(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=40)


def test_a_center_admin_records_a_lottery_mode_decision_in_spanish(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    admin = factories.StaffFactory(center=center, role="center_admin").user
    admin.language = "es"
    admin.save(update_fields=["language"])
    page.set_viewport_size({"width": 1024, "height": 768})
    login(admin.username)
    page.goto("/center/settings/")
    page.click("text=Decisiones de la asamblea")
    page.click("#decide-lottery_mode")
    assert "Anotar una decisión" in page.locator("h1").inner_text()
    page.click("#compare-modes-link")
    page.wait_for_selector("html[lang=es]")
    assert "/reports/fairness/" in page.url
    page.go_back()
    effective = center.today() + timedelta(days=7)
    page.select_option("#id_value", "deficit")
    type_into(page, "#id_votes_for", "31")
    type_into(page, "#id_votes_against", "4")
    type_into(page, "#id_votes_abstain", "2")
    page.fill("#id_effective_date", effective.isoformat())
    type_into(page, "#id_note", "Asamblea de diciembre")
    page.keyboard.press("Enter")
    page.wait_for_selector("#decisions")
    assert "el ajuste cambia el" in page.content()
    assert "31 / 4 / 2" in page.locator("#decisions").inner_text()
    assert "esperando su fecha" in page.locator("#decisions").inner_text()
    decision = AssemblyDecision.objects.get()
    assert (decision.value, decision.effective_date) == ("deficit", effective)
    center.refresh_from_db()
    assert center.lottery_mode == "uniform", "the mode changes on its date, not before"
