from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_user_logs_in_switches_to_spanish_and_sees_the_spanish_home(page, login):
    call_command("seed_demo")
    login("pomona-desk", "jornada-demo")
    assert page.locator("h1").inner_text().startswith("Welcome to")
    page.click("button[name=language][value=es]")
    page.wait_for_selector("html[lang=es]")
    assert page.locator("h1").inner_text().startswith("Bienvenidos a")
    page.reload()
    assert page.locator("button[name=language][value=en]").is_visible()
