from __future__ import annotations

import pytest

from employers.models import Job
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employer_posts_a_job_in_the_portal_and_cancels_it(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    user = factories.UserFactory(username="pomona-employer")
    factories.EmployerFactory(center=center, name="Linda Park", portal_user=user)
    login("pomona-employer")

    page.wait_for_url("**/portal/")
    page.click("#portal-post")
    page.fill("#id_description", "Clean the yard")
    page.fill("#id_start_time", factories.LATER_TODAY_TEXT)
    page.fill("#id_estimated_hours", "4")
    page.fill("#id_hourly_wage", "18")
    page.fill("#id_address", "12 Towne Ave, Pomona")
    page.click("#portal-submit")
    assert "$20.00" in page.locator(".errorlist").inner_text()
    assert not Job.objects.exists()

    page.fill("#id_hourly_wage", "22")
    page.click("#portal-submit")
    page.wait_for_url("**/portal/")
    assert "Clean the yard" in page.locator("table").inner_text()
    job = Job.objects.get()
    assert job.source == "portal"

    page.click(f"#portal-cancel-{job.pk}")
    page.wait_for_selector("#cancel-told")
    assert job.status == "open"  # nothing happens before the confirmation
    page.click("#cancel-confirm")
    page.wait_for_url("**/portal/")
    job.refresh_from_db()
    assert job.status == "cancelled"
