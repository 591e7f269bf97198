from __future__ import annotations

from datetime import date

import pytest

from reports.stats import stats_rebuild
from tests import factories
from tests.browser.waits import wait_until
from tests.reports import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_member_sees_the_charts_in_spanish_and_exports_a_table(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    other = factories.CenterFactory(slug="graton", name="Graton")
    data.march(center, other)
    stats_rebuild(start=date(2025, 2, 1), end=date(2025, 3, 31))
    member = factories.StaffFactory(center=center, role="board").user
    login(member.username)
    page.goto("/reports/?start=2025-03-01&end=2025-03-31")
    wait_until(page, "Object.keys(Chart.instances).length === 2")
    assert page.locator("#totals").inner_text().count("<5") >= 3
    page.click("button[name=language][value=es]")
    page.wait_for_selector("html[lang=es]")
    wait_until(page, "Object.keys(Chart.instances).length === 2")
    assert "Trabajadores únicos" in page.locator("#totals").inner_text()
    with page.expect_download() as download:
        page.click("text=CSV >> nth=0")
    assert download.value.suggested_filename.endswith(".csv")
    page.goto("/reports/fairness/?start=2025-03-01&end=2025-03-31")
    wait_until(page, "Object.keys(Chart.instances).length === 2")
    assert "Modos de sorteo" in page.locator("h2", has_text="sorteo").inner_text()
