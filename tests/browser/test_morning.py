"""A morning at the desk in a real browser: scan badges, draw, post a job, dispatch, and
watch the waiting-room screen follow."""

from __future__ import annotations

from datetime import time

import pytest

from dispatch.models import Assignment, LotteryDraw, SignIn
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_runs_a_morning_from_the_desk(page, login, browser, live_server):
    center = factories.CenterFactory(
        slug="pomona", name="Pomona", signin_opens=time(0, 0), lottery_cutoff=time(23, 59)
    )
    factories.EmployerFactory(center=center, name="Ana Contreras")
    user = factories.StaffFactory(center=center, role="coordinator").user
    workers = [
        factories.WorkerFactory(center=center, badge=101 + n, known_as=f"Trabajador{n}")
        for n in range(10)
    ]
    login(user.username)
    page.goto("/desk/")

    # A USB scanner types the digits and Enter into the box that always has the focus.
    for worker in workers:
        page.keyboard.type(str(worker.badge))
        page.keyboard.press("Enter")
        page.wait_for_selector(f".scan-good:has-text('· #{worker.badge}')")
    assert SignIn.objects.filter(center=center).count() == 10
    page.keyboard.type(str(workers[0].badge))
    page.keyboard.press("Enter")
    page.wait_for_selector(".scan-bad:has-text('already signed in today')")

    # The waiting-room screen, in a second window, shows the commitment before the draw.
    screen = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    display = screen.new_page()
    display.goto("/accounts/login/")
    display.fill("#id_username", user.username)
    display.fill("#id_password", factories.PASSWORD)
    display.click("#login-submit")
    display.goto(f"/display/{center.slug}/")
    commitment = LotteryDraw.objects.get(center=center).commitment
    assert display.locator("#display-commitment").inner_text() == commitment
    assert display.locator("#display-seed").count() == 0

    # Draw early with the button (it asks first).
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#draw-now")
    page.wait_for_selector("#draw-seed")
    draw = LotteryDraw.objects.get(center=center)
    assert page.locator("#draw-seed").inner_text() == draw.seed
    display.wait_for_selector("#display-seed", timeout=15_000)
    assert display.locator("#display-queue li").count() == 10

    # Number 1 steps out: "away" on their row, and the row offers "here" at once.
    away = next(w for w in workers if w.badge == draw.order[0])
    row = page.locator("#desk-live tr", has_text=away.known_as)
    row.locator("button[value=away]").click()
    row.locator("button[value=here]").wait_for()
    assert not SignIn.objects.get(worker=away).present

    # Post a job through the job form, then dispatch it with one click at the desk.
    page.goto("/jobs/new/")
    page.select_option("#id_employer", label="Ana Contreras")
    page.fill("#id_description", "Move furniture")
    page.fill("#id_date", str(center.today()))
    page.fill("#id_start_time", factories.LATER_TODAY_TEXT)
    page.fill("#id_estimated_hours", "4")
    page.fill("#id_hourly_wage", "25")
    page.fill("#id_workers_needed", "2")
    page.fill("#id_address", "12 Elm St, Claremont, CA")
    page.click("form.card button[type=submit].primary")
    page.wait_for_url(lambda url: "/jobs/new/" not in url)
    page.goto("/desk/")
    page.click("article.job:has-text('Move furniture') button[value=desk]")
    page.wait_for_selector("#desk-detail .scan-good:has-text('Sent')")
    # Number 1, away, is passed over at the desk: numbers 2 and 3 are sent.
    first_two = draw.order[1:3]
    assert sorted(Assignment.objects.values_list("worker__badge", flat=True)) == sorted(first_two)

    # The waiting-room screen calls them by number and known-as name within seconds.
    called = display.locator("#now-calling li")
    called.first.wait_for(timeout=15_000)
    assert called.count() == 2
    assert display.locator("#display-queue li").count() == 8
    assert "Worker Number" not in display.content()
    screen.close()
