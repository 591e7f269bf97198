"""Another center's employers and jobs are invisible on every page and API endpoint."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employers.models import Employer, Job
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_employer(other_center):
    return factories.EmployerFactory(
        center=other_center, name="Héctor Ávila", search_text="hector avila"
    )


@pytest.fixture
def their_job(other_center, their_employer):
    return factories.JobFactory(
        center=other_center, employer=their_employer, description="Their roof"
    )


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "employer-detail"), ("get", "employer-edit"), ("post", "employer-edit")],
)
def test_pages_of_another_centers_employer_are_404(desk_client, their_employer, method, name):
    response = getattr(desk_client, method)(
        reverse(name, args=[their_employer.pk]), {"name": "x", "kind": "other"}
    )
    assert response.status_code == 404
    assert Employer.objects.get(pk=their_employer.pk).name == "Héctor Ávila"


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "job-detail"), ("get", "job-edit"), ("post", "job-edit"), ("post", "job-cancel")],
)
def test_pages_of_another_centers_job_are_404(desk_client, their_job, method, name):
    response = getattr(desk_client, method)(reverse(name, args=[their_job.pk]), {})
    assert response.status_code == 404
    assert Job.objects.get(pk=their_job.pk).status == "open"


@pytest.mark.parametrize("query", [{}, {"q": "avila"}, {"kind": "homeowner"}, {"blocked": "no"}])
def test_the_employer_list_shows_only_this_center(desk_client, their_employer, query):
    assert "Ávila" not in desk_client.get(reverse("employer-list"), query).content.decode()


@pytest.mark.parametrize("query", [{}, {"q": "avila"}, {"status": "open"}, {"q": "roof"}])
def test_the_job_list_shows_only_this_center(desk_client, center, their_job, query):
    factories.JobFactory(center=center, description="Our yard")
    page = desk_client.get(reverse("job-list"), query).content.decode()
    assert "Their roof" not in page


def test_a_job_cannot_be_posted_for_another_centers_employer(desk_client, center, their_employer):
    response = desk_client.post(
        reverse("job-create"),
        {"employer": their_employer.pk, "source": "desk", "description": "x",
         "date": center.today().isoformat(), "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "2",
         "hourly_wage": "30", "workers_needed": "1", "address": "x"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Job.objects.exists() or not Job.objects.filter(center=center).exists()


@pytest.mark.parametrize("resource", ["employers", "jobs"])
@pytest.mark.parametrize(
    ("method", "data"),
    [("get", None), ("put", {"name": "x"}), ("patch", {"description": "x"}), ("delete", None)],
)
def test_api_detail_update_and_delete_across_centers_are_404(
    api, their_job, resource, method, data
):
    pk = their_job.employer.pk if resource == "employers" else their_job.pk
    response = getattr(api, method)(f"/api/v1/{resource}/{pk}/", data, format="json")
    assert response.status_code == 404
    their_job.refresh_from_db()
    assert their_job.status == "open"
    assert their_job.employer.name == "Héctor Ávila"


@pytest.mark.parametrize(
    ("resource", "query"),
    [
        ("employers", ""),
        ("employers", "search=avila"),
        ("employers", "kind=homeowner"),
        ("employers", "blocked=false"),
        ("jobs", ""),
        ("jobs", "search=avila"),
        ("jobs", "status=open"),
        ("jobs", "employer={employer}"),
    ],
)
def test_api_lists_and_filters_show_only_this_center(api, their_job, resource, query):
    response = api.get(f"/api/v1/{resource}/?{query.format(employer=their_job.employer.pk)}")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        ids = {row["id"] for row in response.json()["results"]}
        assert not ids & {their_job.pk, their_job.employer.pk}


def test_the_api_refuses_a_job_for_another_centers_employer(api, center, their_employer):
    response = api.post(
        "/api/v1/jobs/",
        {"employer": their_employer.pk, "description": "x", "date": center.today().isoformat(),
         "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "2", "hourly_wage": "30", "address": "x"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert not Job.objects.exists()
