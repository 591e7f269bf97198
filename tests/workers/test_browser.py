from __future__ import annotations

import pytest

from tests import factories
from workers.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_registers_a_worker_with_the_keyboard_and_opens_the_id_card(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona Economic Opportunity Center")
    factories.SkillFactory(code="gardening", name_en="Gardening", name_es="Jardinería")
    user = factories.StaffFactory(center=center, role="coordinator").user
    login(user.username)

    page.goto("/workers/new/")
    keyboard = page.keyboard
    keyboard.type("José Núñez Peña")  # the name field has the focus
    keyboard.press("Tab")
    keyboard.type("Pepe")
    keyboard.press("Tab")
    keyboard.type("909 555 0142")
    keyboard.press("Tab")  # SMS language: Spanish by default
    keyboard.press("Tab")  # job offers by: text by default
    keyboard.press("Tab")  # call language: empty, the SMS language
    keyboard.press("Tab")
    keyboard.type("Mixteco")
    keyboard.press("Tab")
    keyboard.press("Space")  # the first skill
    keyboard.press("Shift+Tab")
    keyboard.press("Enter")

    page.wait_for_url("**/workers/*/")
    assert "Pepe" in page.locator("h1").inner_text()
    worker = Worker.objects.get()
    assert (worker.badge, str(worker.phone), worker.other_languages) == (
        1,
        "+19095550142",
        "Mixteco",
    )
    assert list(worker.skills.values_list("code", flat=True)) == ["gardening"]

    keyboard.press("Enter")  # "Print ID card" has the focus
    page.wait_for_url(f"**/workers/{worker.pk}/card/")
    card = page.locator(".id-card")
    assert card.locator("header").inner_text() == center.name
    assert card.locator(".id-card-name").inner_text() == "Pepe"
    assert card.locator(".badge-digits").inner_text() == "1"
    assert "Español" in card.locator(".id-card-lang").inner_text()
    assert card.locator(".id-card-barcode svg").is_visible()
    assert card.locator(".id-card-qr svg").is_visible()
