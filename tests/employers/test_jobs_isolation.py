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


# --- the warning across the network: only "a claim is open" and where to ask ------------


@pytest.fixture
def flagged_elsewhere(other_center):
    """Graton's record of an employer with an open claim, full of things Pomona must not see."""
    other_center.phone = "+17075550100"
    other_center.save()
    employer = factories.EmployerFactory(
        center=other_center,
        name="Héctor Ávila",
        business_name="Ávila Roofing",
        phone="+19095550177",
        email="Hector@Example.org",
        notes="Yelled at the desk",
    )
    factories.WageClaimFactory(
        center=other_center,
        employer=employer,
        worker=factories.WorkerFactory(center=other_center, known_as="Rosalinda"),
        amount_owed="987.65",
        description="Never paid for the roof",
    )
    return employer


def post_job(center, employer):
    from datetime import timedelta
    from decimal import Decimal

    from employers.services import job_create

    start = center.local_now() + timedelta(hours=2)
    return job_create(
        center=center,
        employer=employer,
        by=None,
        source="desk",
        description="Yard",
        workers_needed=1,
        date=start.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        estimated_hours=Decimal("4"),
        hourly_wage=center.wage_floor,
        address="1 Main St",
    )


@pytest.mark.parametrize(
    ("phone", "email"),
    [("(909) 555-0177", ""), ("", "  hector@EXAMPLE.org "), ("+19095550177", "other@x.org")],
)
def test_an_employer_with_an_open_claim_at_a_sister_center_is_flagged_at_posting(
    center, flagged_elsewhere, phone, email
):
    from employers.services import employer_create

    here = employer_create(center=center, by=None, name="H. Avila", phone=phone, email=email)
    job = post_job(center, here)
    assert job.warnings == [
        "An employer with the same phone or email has an open wage claim at Graton. "
        "Ask them: (707) 555-0100."
    ]


def test_a_blocked_employer_elsewhere_is_flagged_without_a_claim(center, other_center):
    factories.EmployerFactory(
        center=other_center, phone="+19095550188", blocked=True, blocked_reason="Threats"
    )
    here = factories.EmployerFactory(center=center, phone="+19095550188")
    [warning] = post_job(center, here).warnings
    assert "is blocked at Graton" in warning
    assert "Threats" not in warning


def test_no_warning_for_a_different_employer_or_a_closed_claim(center, flagged_elsewhere):
    assert (
        post_job(center, factories.EmployerFactory(center=center, phone="+19095550111")).warnings
        == []
    )
    flagged_elsewhere.claims.update(status="resolved")
    same = factories.EmployerFactory(center=center, phone="+19095550177")
    assert post_job(center, same).warnings == []


def test_a_contact_typed_at_sign_up_counts_only_once_its_owner_verified_it(
    center, other_center, flagged_elsewhere
):
    """Anyone can type another employer's phone at sign-up: an unverified one neither raises
    a warning nor is warned about."""
    from django.utils import timezone

    from employers.signup import terms_publish

    terms = terms_publish(center=center, by=None, text_es="Pago el mismo día.", text_en="Pay.")
    here = factories.EmployerFactory(center=center, phone="+19095550177", terms=terms)
    assert post_job(center, here).warnings == []
    here.phone_verified_at = timezone.now()
    here.save(update_fields=["phone_verified_at"])
    assert len(post_job(center, here).warnings) == 1

    other_terms = terms_publish(center=other_center, by=None, text_es="Pago.", text_en="Pay.")
    elsewhere = factories.EmployerFactory(
        center=other_center, phone="+19095550199", terms=other_terms, blocked=True
    )
    typed = factories.EmployerFactory(center=center, phone="+19095550199")
    assert post_job(center, typed).warnings == []
    elsewhere.phone_verified_at = timezone.now()
    elsewhere.save(update_fields=["phone_verified_at"])
    assert "is blocked at Graton" in post_job(center, typed).warnings[0]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_sister_centers_warning_shows_on_the_job_page_and_leaks_nothing_else(
    desk_client, center, flagged_elsewhere, language
):
    here = factories.EmployerFactory(center=center, name="H. Avila", email="hector@example.org")
    job = factories.JobFactory(center=center, employer=here)
    page = desk_client.get(
        reverse("job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    expected = {
        "es": "tiene un reclamo de salario abierto en Graton. Pregunte allí: (707) 555-0100.",
        "en": "has an open wage claim at Graton. Ask them: (707) 555-0100.",
    }[language]
    assert expected in page
    for secret in (
        "Ávila Roofing", "Héctor", "Yelled", "Rosalinda", "987", "Never paid",
        "+19095550177", "0177", f"/employers/{flagged_elsewhere.pk}/",
    ):  # fmt: skip
        assert secret not in page


def test_the_warning_is_never_shown_to_the_employer_in_the_portal(
    client, center, flagged_elsewhere
):
    here = factories.EmployerFactory(
        center=center, phone="+19095550177", portal_user=factories.UserFactory()
    )
    client.force_login(here.portal_user)
    factories.JobFactory(center=center, employer=here)
    page = client.get(reverse("portal-home")).content.decode()
    assert "Graton" not in page
    assert "wage claim" not in page


@pytest.mark.parametrize("name", ["portal-job-workers", "portal-rate", "portal-decline"])
def test_an_employer_cannot_open_another_employers_workers(client, center, name):
    mine = factories.EmployerFactory(center=center, portal_user=factories.UserFactory())
    theirs = factories.AssignmentFactory(job__center=center, state="completed")
    client.force_login(mine.portal_user)
    pk = theirs.job_id if name == "portal-job-workers" else theirs.pk
    assert client.get(reverse(name, args=[pk])).status_code == 404
    assert (
        client.post(reverse(name, args=[pk]), {"reason": "no_show", "note": "x"}).status_code == 404
    )
