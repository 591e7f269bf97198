"""A job asks for certificates and a minimum English level: at the desk, on the portal and
through the API; unknown values are refused with the field named."""

from __future__ import annotations

import pytest

from employers.models import Job
from tests import factories
from workers.models import EnglishLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(center):
    return factories.EmployerFactory(center=center, name="Linda Park")


def payload(employer, **extra):
    return {
        "employer": employer.pk, "description": "Tear down a shed", "skills": ["demolition"],
        "workers_needed": 2, "hourly_wage": "24.50", "date": employer.center.today().isoformat(),
        "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "3.5", "address": "9 Garey Ave",
        **extra,
    }  # fmt: skip


def test_the_api_takes_certificates_and_an_english_level(api, employer):
    body = payload(employer, required_trainings=["osha10"], min_english_level="basic")
    response = api.post("/api/v1/jobs/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["required_trainings"] == ["osha10"]
    assert response.json()["min_english_level"] == "basic"
    job = Job.objects.get()
    assert list(job.required_trainings.values_list("code", flat=True)) == ["osha10"]
    assert job.min_english_level == EnglishLevel.BASIC


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"required_trainings": ["welding"]}, "required_trainings"),
        ({"min_english_level": "x"}, "min_english_level"),
    ],
)
def test_the_api_refuses_unknown_certificates_and_levels(api, employer, extra, field):
    response = api.post("/api/v1/jobs/", payload(employer, **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Minimum English level"), ("es", "Nivel mínimo de inglés")]
)
def test_the_desk_and_portal_job_forms_ask_for_them(client, center, employer, language, label):
    coordinator = factories.StaffFactory(center=center).user
    coordinator.language = language
    coordinator.save()
    client.force_login(coordinator)
    page = client.get("/jobs/new/").content.decode()
    assert label in page
    assert 'name="required_trainings" value="osha10"' in page
    portal_user = factories.UserFactory(language=language)
    employer.portal_user = portal_user
    employer.save()
    client.force_login(portal_user)
    portal = client.get("/portal/jobs/new/").content.decode()
    assert label in portal
    assert 'name="min_english_level"' in portal
