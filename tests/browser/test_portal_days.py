"""An employer posts a three-day job in the portal, in Spanish, at 1024×768, then cancels
one of its days: what the employer reads and what is written."""

from __future__ import annotations

from datetime import timedelta

import pytest

from employers.models import Job, JobDay
from tests import factories
from tests.browser.test_spanish_morning import VISIBLE_TEXTS
from tests.i18n import untranslated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employer_posts_a_three_day_job_in_spanish_and_cancels_one_day(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    user = factories.UserFactory(username="pomona-employer")
    user.language = "es"
    user.save()
    factories.EmployerFactory(center=center, name="Linda Park", portal_user=user)
    page.set_viewport_size({"width": 1024, "height": 768})
    login("pomona-employer")
    page.wait_for_url("**/portal/")
    page.click("#portal-post")
    page.wait_for_selector("html[lang=es]")

    first = center.today() + timedelta(days=1)
    page.locator("#id_description").press_sequentially("Pintar la casa por fuera", delay=40)
    page.fill("#id_date", first.isoformat())
    page.fill("#id_end_date", (first - timedelta(days=1)).isoformat())  # before the first day
    page.fill("#id_start_time", "08:00")
    page.locator("#id_estimated_hours").press_sequentially("8", delay=40)
    page.locator("#id_hourly_wage").press_sequentially("24", delay=40)
    page.locator("#id_address").press_sequentially("12 Towne Ave, Pomona", delay=40)
    page.locator("#id_address").press("Enter")
    page.wait_for_selector(".errorlist")
    assert (
        "El último día no puede ser antes del primero." in page.locator(".errorlist").inner_text()
    )
    assert not Job.objects.exists()

    page.fill("#id_end_date", (first + timedelta(days=2)).isoformat())
    page.locator("#id_address").press("Enter")
    page.wait_for_url("**/portal/")
    job = Job.objects.get()
    assert job.end_date == first + timedelta(days=2)
    assert job.days.count() == 3
    days = page.locator(f"#job-days-{job.pk}")
    assert "3 días" in days.inner_text()
    assert untranslated(page.evaluate(VISIBLE_TEXTS)) == []

    second = (first + timedelta(days=1)).isoformat()
    page.click(f"#cancel-{job.pk}-{second}")
    page.wait_for_url("**/portal/")
    assert "cancelado" in page.locator(".messages").inner_text()
    assert job.days.get(date=second).status == JobDay.Status.CANCELLED
    assert "Cancelado" in page.locator(f"#day-{second}").inner_text()
    assert set(job.days.exclude(date=second).values_list("status", flat=True)) == {"scheduled"}
