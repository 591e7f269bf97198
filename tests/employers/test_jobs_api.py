from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from employers.models import Job
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/jobs/"


@pytest.fixture
def employer(center):
    return factories.EmployerFactory(center=center, name="Linda Park")


@pytest.fixture
def portal_user(employer):
    user = factories.UserFactory(username="pomona-employer")
    employer.portal_user = user
    employer.save()
    return user


def payload(employer, **extra):
    return {
        "employer": employer.pk, "description": "Move a piano", "skills": ["moving"],
        "workers_needed": 2, "hourly_wage": "24.50", "date": employer.center.today().isoformat(),
        "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "3.5", "address": "9 Garey Ave",
        **extra,
    }  # fmt: skip


def test_the_api_posts_a_job_and_serves_the_documented_fields(api, employer):
    factories.WorkerFactory(center=employer.center, badge=12)
    response = api.post(URL, payload(employer, requested_badges=[12]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    for field in ("id", "employer", "description", "skills", "workers_needed", "hourly_wage",
                  "date", "start_time", "estimated_hours", "address", "status",
                  "requested_badges"):  # fmt: skip
        assert field in body
    assert body["hourly_wage"] == "24.50"
    assert body["skills"] == ["moving"]
    assert body["requested_badges"] == [12]
    assert body["status"] == "open"
    assert Job.objects.get().source == "api"


@pytest.mark.parametrize(
    ("extra", "english", "spanish"),
    [
        ({"hourly_wage": "15.00"}, "floor of $20.00", "mínimo del centro de $20.00"),
        ({"skills": ["juggling"]}, "Unknown skill", "Oficio desconocido"),
        ({"requested_badges": [999]}, "No worker with badge #999", "Ningún trabajador"),
    ],
)
def test_bad_job_input_is_a_400_in_the_request_language_and_writes_nothing(
    api, employer, extra, english, spanish
):
    for language, text in (("en", english), ("es", spanish)):
        response = api.post(
            URL, payload(employer, **extra), format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert text in response.json()["detail"], response.json()
    assert not Job.objects.exists()


def test_a_blocked_employer_gets_a_400_through_the_api(api, employer):
    employer.blocked, employer.blocked_reason = True, "Unpaid wages"
    employer.save()
    response = api.post(URL, payload(employer), format="json", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert "bloqueado" in response.json()["detail"]
    assert not Job.objects.exists()


def test_a_worker_badge_of_another_center_is_a_400(api, employer, other_center):
    factories.WorkerFactory(center=other_center, badge=77)
    response = api.post(URL, payload(employer, requested_badges=[77]), format="json")
    assert response.status_code == 400
    assert "#77" in response.json()["detail"]


def test_jobs_filter_by_status_date_and_search(api, center, employer):
    today = factories.JobFactory(center=center, employer=employer)
    factories.JobFactory(
        center=center, date=center.today() - timedelta(days=3), status="completed",
        employer=factories.EmployerFactory(center=center, name="Héctor Ávila",
                                           search_text="hector avila"),
    )  # fmt: skip

    def ids(query):
        return [j["id"] for j in api.get(f"{URL}?{query}").json()["results"]]

    assert ids(f"date={center.today().isoformat()}") == [today.pk]
    assert len(ids("status=completed")) == 1
    assert len(ids("search=AVILA")) == 1
    assert ids("status=open") == [today.pk]


def test_delete_cancels_the_job(api, center):
    job = factories.JobFactory(center=center)
    assert api.delete(f"{URL}{job.pk}/").status_code == 204
    job.refresh_from_db()
    assert job.status == "cancelled"


@pytest.mark.parametrize("rows", [5, 50])
def test_the_job_list_api_costs_the_same_queries_for_5_and_50_rows(
    api, center, employer, rows, django_assert_max_num_queries
):
    skills = list(factories.SkillFactory._meta.model.objects.all()[:2])
    for _ in range(rows):
        factories.JobFactory(center=center, employer=employer, skills=skills)
    with django_assert_max_num_queries(9):  # one more: the certificates each job requires
        response = api.get(URL)
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_the_job_list_page_costs_the_same_queries_for_5_and_50_rows(
    desk_client, center, employer, rows, django_assert_max_num_queries
):
    skills = list(factories.SkillFactory._meta.model.objects.all()[:2])
    for _ in range(rows):
        factories.JobFactory(center=center, employer=employer, skills=skills)
    with django_assert_max_num_queries(12):
        response = desk_client.get(reverse("job-list"))
    assert response.content.decode().count("/jobs/") >= rows


# --- the employer portal ---------------------------------------------------------------


def test_an_employer_posts_a_job_in_the_portal(client, portal_user, employer):
    client.force_login(portal_user)
    assert client.get("/").url == reverse("portal-home")
    form = client.get(reverse("portal-job-create")).content.decode()
    assert "At least $20.00 an hour" in form
    response = client.post(
        reverse("portal-job-create"),
        {"description": "Clean a garage", "date": employer.center.today().isoformat(),
         "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "4", "hourly_wage": "22",
         "workers_needed": "1", "address": "12 Towne Ave"},
    )  # fmt: skip
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.employer, job.source, job.created_by) == (employer, "portal", portal_user)


def test_the_portal_refuses_a_wage_under_the_floor_naming_it(client, portal_user, employer):
    client.force_login(portal_user)
    response = client.post(
        reverse("portal-job-create"),
        {"description": "Clean", "date": employer.center.today().isoformat(),
         "start_time": factories.LATER_TODAY_TEXT, "estimated_hours": "4", "hourly_wage": "12",
         "workers_needed": "1", "address": "12 Towne Ave"},
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip
    assert response.status_code == 400
    assert "$20.00" in response.content.decode()
    assert not Job.objects.exists()


def test_an_employer_sees_and_cancels_only_their_own_jobs(client, portal_user, employer, center):
    mine = factories.JobFactory(center=center, employer=employer, description="Mine")
    theirs = factories.JobFactory(center=center, description="Someone else's")
    client.force_login(portal_user)
    page = client.get(reverse("portal-home")).content.decode()
    assert "Mine" in page
    assert "Someone else" not in page
    assert client.post(reverse("portal-job-cancel", args=[theirs.pk])).status_code == 404
    client.post(reverse("portal-job-cancel", args=[mine.pk]))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("cancelled", "open")


def test_an_employer_login_cannot_open_the_desk_pages(client, portal_user, center):
    client.force_login(portal_user)
    job = factories.JobFactory(center=center)
    for url in (reverse("job-list"), reverse("job-detail", args=[job.pk]), reverse("worker-list"),
                reverse("employer-list")):  # fmt: skip
        assert client.get(url).status_code == 403


def test_the_employer_api_shows_and_posts_only_their_own_jobs(
    api_for, portal_user, employer, center
):
    mine = factories.JobFactory(center=center, employer=employer)
    theirs = factories.JobFactory(center=center)
    api = api_for(portal_user)
    assert [j["id"] for j in api.get(URL).json()["results"]] == [mine.pk]
    assert api.get(f"{URL}{theirs.pk}/").status_code == 404
    assert api.delete(f"{URL}{theirs.pk}/").status_code == 404
    other = factories.EmployerFactory(center=center)
    response = api.post(URL, payload(other), format="json")
    assert response.status_code == 201
    assert Job.objects.get(pk=response.json()["id"]).employer == employer
    assert api.patch(f"{URL}{mine.pk}/", {"description": "x"}, format="json").status_code == 403
    assert api.get("/api/v1/workers/").status_code == 403
