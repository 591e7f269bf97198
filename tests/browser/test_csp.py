"""The pages work under the strict Content-Security-Policy: the desk (badge scans and its
poll through htmx), the reports' Chart.js, the simulator's reply box, printing and the center
switch, in English and Spanish, with no violation in Chromium's console."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from playwright.sync_api import expect

from dispatch.models import SignIn
from reports.stats import stats_rebuild
from tests import factories
from tests.browser.waits import wait_until
from tests.reports import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page) -> list[str]:
    """Every CSP violation the page reports in the console, and every script error."""
    seen: list[str] = []

    def on_console(message) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "CSP" in text):
            seen.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(str(error)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def assert_policy(response) -> None:
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe" not in policy


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_desk_scans_and_polls_under_the_policy(page, login, language):
    center = factories.CenterFactory(
        slug="pomona", name="Pomona", signin_opens=time(0, 0), lottery_cutoff=time(23, 59)
    )
    second = factories.CenterFactory(slug="graton", name="Graton")
    desk = factories.StaffFactory(center=center, role="coordinator").user
    factories.StaffFactory(center=second, role="coordinator", user=desk)
    desk.language = language
    desk.save(update_fields=["language"])
    workers = [factories.WorkerFactory(center=center, badge=301 + n) for n in range(3)]
    seen = watch(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    login(desk.username)
    response = page.goto("/desk/")
    assert_policy(response)
    assert page.get_attribute("html", "lang") == language
    for worker in workers:
        page.keyboard.type(str(worker.badge), delay=40)
        page.keyboard.press("Enter")
        page.wait_for_selector(f".scan-good:has-text('{worker.badge}')")
    assert SignIn.objects.filter(center=center).count() == 3
    assert page.input_value("#scan") == ""  # desk.js emptied the box after the request
    # The poll (every few seconds, no inline filter any more) brings the queue up to date.
    with page.expect_response(lambda r: "/desk/live/" in r.url, timeout=15_000) as polled:
        pass
    assert polled.value.status == 200
    with page.expect_navigation():  # data-submit-on-change sends the switch
        page.select_option("#center-select", "graton")
    expect(page).to_have_title(re.compile("Graton"), timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert seen == []


def test_the_reports_charts_draw_under_the_policy(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    other = factories.CenterFactory(slug="graton", name="Graton")
    data.march(center, other)
    stats_rebuild(start=date(2025, 2, 1), end=date(2025, 3, 31))
    member = factories.StaffFactory(center=center, role="board").user
    seen = watch(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    login(member.username)
    assert_policy(page.goto("/reports/?start=2025-03-01&end=2025-03-31"))
    wait_until(page, "Object.keys(Chart.instances).length === 2")
    page.click("button[name=language][value=es]")
    page.wait_for_selector("html[lang=es]")
    wait_until(page, "Object.keys(Chart.instances).length === 2")
    page.goto("/reports/fairness/?start=2025-03-01&end=2025-03-31")
    wait_until(page, "Object.keys(Chart.instances).length === 2")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("button[data-print]")
    assert page.evaluate("window.printed") is True
    assert seen == []


def test_the_simulator_reply_box_and_the_card_print_button_work(page, login, settings):
    settings.SMS_SIMULATOR = True
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    desk = factories.StaffFactory(center=center, role="coordinator").user
    worker = factories.WorkerFactory(center=center, badge=401)
    seen = watch(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    login(desk.username)
    page.goto(f"/workers/{worker.pk}/card/")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("#print-now")
    assert page.evaluate("window.printed") is True
    page.goto(f"/sms/simulator/?worker={worker.pk}")
    page.click("#sim-body")
    page.keyboard.type("AYUDA", delay=40)
    with page.expect_response(lambda r: "/sms/simulator/reply/" in r.url):
        page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('#sim-body').value === ''")
    assert seen == []


def test_an_inline_handler_would_be_refused_and_seen(page, login):
    """The listener above is not blind: an inline handler is refused and reported."""
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    desk = factories.StaffFactory(center=center, role="coordinator").user
    seen = watch(page)
    login(desk.username)
    page.goto("/workers/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', "
        '\'<img id=probe src="/no-such.png" onerror="window.ran = true">\')'
    )
    wait_until(page, "document.querySelector('#probe').complete")
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") is None
    assert any("Content Security Policy" in text or "CSP violation" in text for text in seen)


def test_the_api_docs_and_the_admin_work_under_the_policy(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    admin = factories.UserFactory(username="network", is_staff=True, is_superuser=True)
    factories.StaffFactory(center=center, role="center_admin", user=admin)
    seen = watch(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    login(admin.username)
    assert_policy(page.goto("/api/docs/"))
    page.wait_for_selector(".swagger-ui .info .title")
    page.goto("/admin/")
    page.wait_for_selector("#site-name")
    page.goto("/admin/workers/worker/")
    page.wait_for_selector("#changelist")
    assert seen == []
