"""In a real browser, in Spanish, at tablet size: the lobby screen through a display link
(no login), and the paper for the wall and the employer, printed without the menus."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from dispatch.models import LotteryDraw
from dispatch.services import morning
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def spanish(browser, live_server):
    """New browser contexts in Spanish at 1024×768, each with its own cookies."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport=TABLET, locale="es-ES")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _login(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _center():
    return factories.CenterFactory(
        slug="pomona",
        name="Pomona",
        signin_opens=time(0, 0),
        lottery_cutoff=time(23, 59),
        phone="+19094610000",
    )


def test_the_lobby_screen_runs_on_a_display_link_without_a_login(spanish):
    center = _center()
    admin = factories.StaffFactory(center=center, role="center_admin").user
    workers = [
        factories.WorkerFactory(center=center, badge=201 + n, known_as=f"Trabajador{n}")
        for n in range(4)
    ]
    for worker in workers[:3]:
        morning.signin_create(center=center, badge=worker.badge)

    # The center admin makes a link for the lobby TV: types a label and presses Enter.
    office = spanish().new_page()
    _login(office, admin.username)
    office.goto("/center/settings/")
    office.click("text=Enlaces de la pantalla de la sala de espera")
    office.locator("#id_label").press_sequentially("TV de la sala", delay=30)
    office.keyboard.press("Enter")
    office.wait_for_selector("#new-link")
    assert "solo se muestra esta vez" in office.locator("#new-link").inner_text()
    url = office.locator("#new-link-url").input_value()
    assert url.startswith(f"{office.url.split('/center/')[0]}/display/pomona/")

    # The TV is a fresh browser: no login, and it sees the queue and the commitment.
    tv_context = spanish()
    tv = tv_context.new_page()
    tv.goto(url)
    assert tv.locator("h2", has_text="Llamando ahora").count() == 1
    assert tv.locator("#display-queue li").count() == 3
    for worker in workers[:3]:
        assert tv.locator("#display-queue", has_text=worker.known_as).count() == 1
    commitment = LotteryDraw.objects.get(center=center).commitment
    assert tv.locator("#display-commitment").inner_text() == commitment
    assert tv.locator("form").count() == 0
    assert tv.locator("a[href^='/desk']").count() == 0
    # It follows the morning by itself: the next sign-in shows up without a reload.
    morning.signin_create(center=center, badge=workers[3].badge)
    tv.wait_for_selector("#display-queue li:nth-child(4)", timeout=15_000)
    assert not [c for c in tv_context.cookies() if c["name"] == "sessionid"]
    # The desk is out of reach with what the TV holds.
    tv.goto("/desk/")
    assert "/accounts/login/" in tv.url

    # Revoked from the office, the TV's link answers nothing any more.
    office.goto("/center/display-links/")
    office.on("dialog", lambda dialog: dialog.accept())
    office.click("#display-links button:has-text('Revocar')")
    office.wait_for_selector("#display-links :text('revocado')")
    response = tv.goto(url)
    assert response.status == 404


def test_the_days_list_and_the_slip_print_without_the_menus(spanish):
    center = _center()
    coordinator = factories.StaffFactory(center=center, role="coordinator").user
    workers = [
        factories.WorkerFactory(center=center, badge=301 + n, known_as=f"Persona{n}")
        for n in range(5)
    ]
    for worker in workers:
        morning.signin_create(center=center, badge=worker.badge)
    draw = morning.lottery_draw(center=center, notify=False)
    employer = factories.EmployerFactory(
        center=center, name="Ana Contreras", phone="+19095550199", preferred_language="en"
    )
    job = factories.JobFactory(
        center=center,
        employer=employer,
        address="12 Elm St, Claremont, CA",
        hourly_wage=Decimal("25.00"),
        start_time=time(7, 30),
    )
    assignment = morning.assignment_create(job=job, worker=workers[0], how="walk_in")

    context = spanish()
    page = context.new_page()
    _login(page, coordinator.username)
    page.goto("/desk/")
    with context.expect_page() as opened:
        page.click("#print-list")
    sheet = opened.value
    sheet.wait_for_load_state()
    assert sheet.locator("h1").inner_text().startswith("Pomona")
    assert sheet.locator("#sheet-commitment").inner_text() == draw.commitment
    assert sheet.locator("#sheet-seed").inner_text() == draw.seed
    numbers = sheet.locator("#day-sheet tbody tr td:first-child").all_inner_texts()
    assert numbers == ["1", "2", "3", "4", "5"]
    badges = sheet.locator("#day-sheet tbody tr td:nth-child(2)").all_inner_texts()
    assert [int(b) for b in badges] == draw.order
    assert sheet.locator(".topbar").is_visible()
    sheet.emulate_media(media="print")
    assert not sheet.locator(".topbar").is_visible()
    assert not sheet.locator("nav").is_visible()
    assert not sheet.locator("button:has-text('Imprimir')").is_visible()
    assert sheet.locator("#day-sheet").is_visible()
    assert len(sheet.pdf(format="Letter")) > 1000

    page.goto(f"/desk/slip/{assignment.pk}/")
    worker_copy, employer_copy = page.locator("#slip-worker"), page.locator("#slip-employer")
    assert "Copia del trabajador" in worker_copy.inner_text()
    assert "Horas trabajadas" in worker_copy.inner_text()
    assert "Employer's copy" in employer_copy.inner_text()
    assert "Amount paid ($)" in employer_copy.inner_text()
    for copy in (worker_copy, employer_copy):
        text = copy.inner_text()
        for expected in ("07:30", "$25.00", "12 Elm St, Claremont, CA", "(909) 555-0199"):
            assert expected in text
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert not page.locator("button:has-text('Imprimir')").is_visible()
    assert worker_copy.is_visible()
    assert employer_copy.is_visible()
