from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from dispatch.errors import DispatchConflict, DispatchError
from employers.models import Employer, Job
from employers.services import employer_create, employer_delete, employer_update
from tests import factories
from wages.models import WageClaim
from workers.errors import RegistryError

pytestmark = pytest.mark.django_db


def test_an_employer_is_saved_with_a_normalized_phone_and_search_text(center):
    employer = employer_create(
        center=center, by=None, name="Héctor Ávila", business_name="Ávila Roofing",
        kind="contractor", phone="(909) 555-0177",
    )  # fmt: skip
    assert str(employer.phone) == "+19095550177"
    assert "hector avila avila roofing" in employer.search_text


def test_a_bad_employer_phone_or_missing_block_reason_is_refused(center):
    with pytest.raises(RegistryError, match="not a valid phone number"):
        employer_create(center=center, by=None, name="X", phone="123")
    with pytest.raises(DispatchError, match="why"):
        employer_create(center=center, by=None, name="X", blocked=True)
    assert not Employer.objects.exists()


def test_unblocking_clears_the_reason(center):
    employer = employer_create(center=center, by=None, name="X", blocked=True, blocked_reason="r")
    employer_update(employer=employer, by=None, blocked=False)
    employer.refresh_from_db()
    assert (employer.blocked, employer.blocked_reason) == (False, "")


def test_an_employer_with_jobs_cannot_be_deleted(center):
    job = factories.JobFactory(center=center)
    with pytest.raises(DispatchConflict, match="block"):
        employer_delete(employer=job.employer)


def test_the_desk_adds_and_searches_employers_without_accents(desk_client, center):
    response = desk_client.post(
        reverse("employer-create"),
        {"name": "Mónica Ibarra", "kind": "homeowner", "phone": "909 555 0101"},
    )
    assert response.status_code == 302
    page = desk_client.get(reverse("employer-list"), {"q": "MONICA"}).content.decode()
    assert "Mónica Ibarra" in page


def test_the_employer_page_shows_the_job_history_and_open_claims(desk_client, center):
    employer = factories.EmployerFactory(center=center)
    factories.JobFactory(center=center, employer=employer, description="Paint the garage")
    WageClaim.objects.create(
        center=center, worker=factories.WorkerFactory(center=center), employer=employer,
        work_start=center.today(), work_end=center.today(), amount_owed=Decimal("80"),
    )  # fmt: skip
    page = desk_client.get(reverse("employer-detail", args=[employer.pk])).content.decode()
    assert "Paint the garage" in page
    assert "1 open wage claim" in page


def test_the_desk_posts_a_phone_job_and_sees_the_open_claim_flag(desk_client, center):
    employer = factories.EmployerFactory(center=center)
    WageClaim.objects.create(
        center=center, worker=factories.WorkerFactory(center=center), employer=employer,
        work_start=center.today(), work_end=center.today(), amount_owed=Decimal("80"),
    )  # fmt: skip
    response = desk_client.post(
        reverse("job-create"),
        {"employer": employer.pk, "source": "phone", "description": "Dig a trench",
         "date": center.today().isoformat(), "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "6",
         "hourly_wage": "22", "workers_needed": "2", "address": "5 Holt Ave",
         "skills": ["construction"]},
        follow=True,
    )  # fmt: skip
    job = Job.objects.get()
    assert job.source == "phone"
    assert job.created_by is not None
    page = response.content.decode()
    assert "open wage claim" in page
    assert "Open wage claim" in desk_client.get(reverse("job-list")).content.decode()


def test_the_desk_form_names_the_floor_when_the_wage_is_too_low(desk_client, center):
    employer = factories.EmployerFactory(center=center)
    response = desk_client.post(
        reverse("job-create"),
        {"employer": employer.pk, "source": "desk", "description": "x",
         "date": center.today().isoformat(), "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "6",
         "hourly_wage": "10", "workers_needed": "1", "address": "x"},
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip
    assert response.status_code == 400
    assert "mínimo del centro de $20.00" in response.content.decode()
    assert not Job.objects.exists()


def test_a_blocked_employer_is_not_offered_in_the_desk_job_form(desk_client, center):
    factories.EmployerFactory(center=center, name="Blocked Bob", blocked=True, blocked_reason="r")
    assert "Blocked Bob" not in desk_client.get(reverse("job-create")).content.decode()


def test_the_employer_api_serves_the_documented_fields(api, center):
    employer = factories.EmployerFactory(center=center, phone="+19095550123", email="a@b.org")
    body = api.get(f"/api/v1/employers/{employer.pk}/").json()
    for field in ("id", "name", "kind", "phone", "email", "blocked", "open_claims"):
        assert field in body
    assert body["phone"] == "+19095550123"
    assert body["open_claims"] == 0
    created = api.post(
        "/api/v1/employers/", {"name": "Núñez Landscaping", "kind": "business"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["open_claims"] == 0
