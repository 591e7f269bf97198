"""The desk at a tablet (1024×768) and a phone (390×844), in Spanish (the longer words),
measured with the browser's own geometry."""

from __future__ import annotations

import os

import pytest

from dispatch.services import morning
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("DESK_SCREENSHOTS")  # a folder: save what the tests saw


def _shot(page, name, full_page=False):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=full_page)


def _morning(center, workers):
    workers(range(1, 41), sign_in=True)
    morning.lottery_draw(center=center, notify=False)
    employer = factories.EmployerFactory(center=center, name="Ana Contreras")
    factories.JobFactory(
        center=center,
        employer=employer,
        description="Mudanza de muebles a un segundo piso",
        workers_needed=2,
    )
    factories.JobFactory(center=center, employer=employer, description="Pintar una cerca")


def test_at_a_tablet_the_header_is_one_row_and_the_line_shows_without_scrolling(spanish_desk, page):
    center, _user, workers = spanish_desk
    _morning(center, workers)
    page.goto("/desk/")
    _shot(page, "desk-1024")

    header = page.locator("header.topbar").bounding_box()
    tops = page.eval_on_selector_all(
        "header.topbar > *", "els => els.map(e => e.getBoundingClientRect().top)"
    )
    assert max(tops) - min(tops) < 8  # brand, menu and tools on one row
    assert header["height"] < 60
    # The pages are in the "Menú" dropdown, which opens without scripts.
    assert not page.locator("#main-menu a", has_text="Trabajadores").is_visible()
    page.click("#main-menu summary")
    assert page.locator("#main-menu a", has_text="Trabajadores").is_visible()
    page.click("#main-menu summary")

    # No empty box under the scan field: the lottery card follows the scan card directly.
    assert not page.locator(".desk-detail").is_visible()
    assert not page.locator("#scan-answers").is_visible()
    scan = page.locator(".desk-scan").bounding_box()
    lottery = page.locator(".desk-lottery").bounding_box()
    assert 0 <= lottery["y"] - (scan["y"] + scan["height"]) < 20

    # The first in line are on screen, and so is the first job's button.
    assert page.evaluate("window.scrollY") == 0
    rows = page.locator("#desk-live .desk-queue tbody tr")
    for index in range(8):
        box = rows.nth(index).bounding_box()
        assert box["y"] + box["height"] <= 768
    first_job = page.locator("article.job button[value=desk]").first.bounding_box()
    assert first_job["y"] + first_job["height"] <= 768
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # An answer takes its room above the lottery card; the line is still on screen.
    page.keyboard.type("41", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_selector("#scan-answers .scan-bad")
    _shot(page, "desk-1024-answer")
    box = rows.nth(5).bounding_box()
    assert box["y"] + box["height"] <= 768


def test_on_a_phone_nothing_scrolls_sideways_and_every_button_is_reachable(spanish_desk, page):
    center, _user, workers = spanish_desk
    _morning(center, workers)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/desk/")
    page.keyboard.type("3", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_selector("#scan-answers li:not(.scan-pending)")
    page.click("#desk-live tr:has-text('#7') button[value=left]")
    page.wait_for_selector("#undo-left")
    _shot(page, "desk-390")
    page.screenshot(
        path=os.path.join(SHOTS, "desk-390-full.png"), full_page=True
    ) if SHOTS else None

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    buttons = page.locator("button:visible, summary:visible, a:visible, input:visible")
    assert buttons.count() > 40
    for box in page.eval_on_selector_all(
        "button, summary, a, input:not([type=hidden])",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; })",
    ):
        left, right, width = box
        assert width > 0
        assert left >= 0, box
        assert right <= 390, box

    page.click("#main-menu summary")
    links = page.eval_on_selector_all(
        "#main-menu nav a", "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert links
    assert max(links) <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
