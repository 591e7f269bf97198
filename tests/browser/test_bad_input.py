"""Bad input at the desk and in a search, as a coordinator meets it: a clear message in
their language, nothing signed in, no server error."""

from __future__ import annotations

from datetime import time

import pytest

from dispatch.models import SignIn
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGES = {
    "en": ("“²” is not a badge number.", "Please check what you entered"),
    "es": ("“²” no es un número de tarjeta.", "Revise lo que escribió"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_superscript_in_the_scan_box_is_refused_in_the_desks_language(page, login, language):
    page.set_viewport_size({"width": 1024, "height": 768})
    center = factories.CenterFactory(slug="pomona", signin_opens=time(0, 0))
    user = factories.StaffFactory(center=center, role="coordinator").user
    user.language = language
    user.save()
    worker = factories.WorkerFactory(center=center, badge=2, known_as="Chuy")
    login(user.username)
    page.goto("/desk/")
    page.keyboard.type("²", delay=40)
    page.keyboard.press("Enter")
    page.wait_for_selector(f".scan-bad:has-text('{MESSAGES[language][0]}')")
    assert not SignIn.objects.exists()
    # The real badge still signs in at once after the refusal.
    page.keyboard.type(str(worker.badge), delay=40)
    page.keyboard.press("Enter")
    page.wait_for_selector(".scan-good:has-text('Chuy')")
    assert SignIn.objects.filter(worker=worker).exists()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_nul_byte_in_a_search_gets_the_error_page_in_the_readers_language(page, login, language):
    page.set_viewport_size({"width": 1024, "height": 768})
    center = factories.CenterFactory(slug="pomona")
    user = factories.StaffFactory(center=center, role="coordinator").user
    user.language = language
    user.save()
    login(user.username)
    response = page.goto("/workers/?q=909%00555")
    assert response.status == 400
    assert page.locator("h1").inner_text() == MESSAGES[language][1]
    assert page.locator("[role=alert]").is_visible()


def test_a_control_character_pasted_into_the_scan_box_shows_the_refusal(page, login):
    page.set_viewport_size({"width": 1024, "height": 768})
    center = factories.CenterFactory(slug="pomona", signin_opens=time(0, 0))
    user = factories.StaffFactory(center=center, role="coordinator").user
    login(user.username)
    page.goto("/desk/")
    page.fill("#scan", "Chuy\x07")  # what a paste from a bad label can bring
    page.keyboard.press("Enter")
    page.wait_for_selector("#scan-answers li.scan-bad:has-text('control character')")
    assert not SignIn.objects.exists()
