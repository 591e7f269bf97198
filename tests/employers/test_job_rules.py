"""The bounds of a posting (``dispatch.rules``) hold the same way through the desk's job
form, the employer portal and the API, in English and Spanish, and nothing is written; a
job is cancelled only after a confirmation that says who will be told."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dispatch.models import Offer
from employers import rules
from employers.models import Job
from employers.services import job_update
from tests import factories

pytestmark = pytest.mark.django_db

#: (what is wrong, the English message, the Spanish message)
BOUNDS = [
    ({"estimated_hours": "999"}, "A day's work is 0.5 to 12 hours", "Un día de trabajo es de 0.5 a 12 horas"),
    ({"estimated_hours": "0.2"}, "A day's work is 0.5 to 12 hours", "Un día de trabajo es de 0.5 a 12 horas"),
    ({"hourly_wage": "9999"}, "more than any job here pays", "más de lo que paga cualquier trabajo"),
    ({"hourly_wage": "61"}, "unusually high (over $60.00)", "inusualmente alto (más de $60.00)"),
    ({"start_time": "01:00"}, "1 a.m. today has already passed", "01:00 de hoy ya pasó"),
    ({"description": "x" * 5000}, "at most 500 characters; this text has 5,000", "500 caracteres como máximo; este texto tiene 5,000"),
]  # fmt: skip
IDS = ["999 hours", "12 minutes", "$9,999/h", "high wage", "past start", "5,000 characters"]


@pytest.fixture
def ten_am(center, monkeypatch):
    """The center's clock at 10:00 today."""
    now = center.local_datetime(center.today(), time(10, 0))
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.fixture
def employer(center):
    user = factories.UserFactory(username="pomona-employer")
    return factories.EmployerFactory(center=center, name="Linda Park", portal_user=user)


def fields(center, **extra):
    return {
        "description": "Clean a garage", "date": center.today().isoformat(),
        "start_time": "11:00", "estimated_hours": "4", "hourly_wage": "22",
        "workers_needed": "1", "address": "12 Towne Ave", **extra,
    }  # fmt: skip


def post_desk(client, coordinator, employer, data, language):
    client.force_login(coordinator)
    data = {"employer": employer.pk, "source": "desk", **data}
    response = client.post(reverse("job-create"), data, HTTP_ACCEPT_LANGUAGE=language)
    return response.status_code, response.content.decode()


def post_portal(client, coordinator, employer, data, language):
    client.force_login(employer.portal_user)
    response = client.post(reverse("portal-job-create"), data, HTTP_ACCEPT_LANGUAGE=language)
    return response.status_code, response.content.decode()


def post_api(client, coordinator, employer, data, language):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(coordinator)
    response = api.post(
        "/api/v1/jobs/", {"employer": employer.pk, **data}, format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip
    return response.status_code, response.json()["detail"] if response.status_code == 400 else ""


CHANNELS = {"desk": post_desk, "portal": post_portal, "api": post_api}


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("extra", "english", "spanish"), BOUNDS, ids=IDS)
def test_every_bound_is_refused_with_a_clear_message_and_nothing_written(
    client, coordinator, employer, ten_am, channel, language, extra, english, spanish
):
    status, text = CHANNELS[channel](
        client, coordinator, employer, fields(employer.center, **extra), language
    )
    assert status == 400
    assert (english if language == "en" else spanish) in text.replace("&#x27;", "'")
    assert not Job.objects.exists()


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_sane_job_within_every_bound_is_posted(client, coordinator, employer, ten_am, channel):
    data = fields(employer.center, estimated_hours="12", hourly_wage="60", description="x" * 500)
    status, _text = CHANNELS[channel](client, coordinator, employer, data, "es")
    assert status in (201, 302)
    assert Job.objects.get().description == "x" * 500  # whole, not cut


def test_a_job_that_starts_now_can_still_be_posted(client, coordinator, employer, ten_am):
    status, _text = post_desk(
        client, coordinator, employer, fields(employer.center, start_time="09:45"), "en"
    )
    assert status == 302


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_forms_ask_to_confirm_a_high_wage_and_then_post_it(
    client, coordinator, employer, ten_am, language
):
    for post in (post_desk, post_portal):
        data = fields(employer.center, hourly_wage="61")
        status, page = post(client, coordinator, employer, data, language)
        assert status == 400
        assert 'name="confirm_high_wage"' in page
        status, _page = post(
            client, coordinator, employer, {**data, "confirm_high_wage": "on"}, language
        )
        assert status == 302
    assert Job.objects.filter(hourly_wage=Decimal("61")).count() == 2
    page = client.get(reverse("portal-job-create")).content.decode()
    assert 'name="confirm_high_wage"' not in page  # no box until a high wage asks for it


def test_the_api_posts_a_high_wage_with_confirm_high_wage(client, coordinator, employer, ten_am):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(coordinator)
    data = {"employer": employer.pk, **fields(employer.center, hourly_wage="75")}
    refused = api.post("/api/v1/jobs/", data, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "high_wage_unconfirmed"
    assert "confirm_high_wage" in refused.json()["errors"]
    posted = api.post("/api/v1/jobs/", {**data, "confirm_high_wage": True}, format="json")
    assert posted.status_code == 201
    assert "confirm_high_wage" not in posted.json()


def test_the_confirmation_line_is_three_times_the_floor_at_most_100(center):
    assert rules.high_wage_above(Decimal("20")) == Decimal("60")
    assert rules.high_wage_above(Decimal("40")) == Decimal("100")


def test_an_edit_checks_again_only_what_changes(center, ten_am):
    job = factories.JobFactory(center=center, start_time=time(7, 0), estimated_hours=Decimal("4"))
    job_update(job=job, by=None, start_time=time(7, 0), description="Paint the fence white")
    job.refresh_from_db()
    assert job.description == "Paint the fence white"  # started at 07:00: still correctable
    with pytest.raises(Exception, match="already passed"):
        job_update(job=job, by=None, start_time=time(8, 0))


@pytest.fixture
def busy_job(center, employer):
    job = factories.JobFactory(center=center, employer=employer, workers_needed=2, status="open")
    sent = factories.WorkerFactory(center=center, known_as="Rosa", badge=11)
    factories.AssignmentFactory(job=job, worker=sent)
    offered = factories.WorkerFactory(center=center, known_as="Beto", badge=12, phone="")
    Offer.objects.create(
        job=job, worker=offered, center=center,
        expires_at=timezone.now() + timedelta(minutes=10),
    )  # fmt: skip
    return job


@pytest.mark.parametrize(
    ("language", "title", "told", "keep"),
    [
        ("en", "Cancel this job?", "These 2 workers will be told", "No, keep it"),
        ("es", "¿Cancelar este trabajo?", "Se avisará a estas 2 personas", "No, mantenerlo"),
    ],
)
def test_cancelling_asks_first_and_names_who_will_be_told(
    client, coordinator, busy_job, language, title, told, keep
):
    client.force_login(coordinator)
    url = reverse("job-cancel", args=[busy_job.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    busy_job.refresh_from_db()
    assert busy_job.status == "open"
    for text in (title, told, keep, "Rosa", "Beto", "11"):
        assert text in page
    assert client.post(url, {"reason": "Rain"}).status_code == 302
    busy_job.refresh_from_db()
    assert busy_job.status == "cancelled"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_portal_asks_before_cancelling(client, employer, busy_job, language):
    client.force_login(employer.portal_user)
    url = reverse("portal-job-cancel", args=[busy_job.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="cancel-confirm"' in page
    assert "Rosa" in page
    assert "Beto" in page
    busy_job.refresh_from_db()
    assert busy_job.status == "open"
    client.post(url)
    busy_job.refresh_from_db()
    assert busy_job.status == "cancelled"


@pytest.mark.parametrize(
    ("language", "hints"),
    [
        ("en", ["At most 500 characters.", "From 0.5 to 12 hours a day."]),
        ("es", ["Máximo 500 caracteres.", "De 0.5 a 12 horas por día."]),
    ],
)
def test_the_forms_name_the_bounds_in_the_users_language(
    client, coordinator, employer, language, hints
):
    client.force_login(coordinator)
    desk = client.get(reverse("job-create"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    client.force_login(employer.portal_user)
    portal = client.get(reverse("portal-job-create"), HTTP_ACCEPT_LANGUAGE=language)
    for hint in hints:
        assert hint in desk
        assert hint in portal.content.decode()
    assert 'maxlength="500"' not in desk  # the browser would cut a longer text silently
