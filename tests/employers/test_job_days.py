"""Posting a job of several days or a weekly job: through the service, the desk form, the
portal and the API, with clear refusals in the user's language; one day at a time is
confirmed or cancelled, never another center's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from employers.errors import DispatchError
from employers.models import Job, JobDay
from employers.services import job_create, job_update, series_extend
from tests import factories

pytestmark = pytest.mark.django_db


def post(center, **fields):
    values = {
        "description": "Paint a fence",
        "date": center.today() + timedelta(days=1),
        "start_time": factories.LATER_TODAY,
        "estimated_hours": Decimal("8"),
        "hourly_wage": Decimal("25"),
        "address": "1 Holt Ave, Pomona",
        **fields,
    }
    employer = factories.EmployerFactory(center=center)
    return job_create(center=center, employer=employer, by=None, source="desk", **values)


def test_a_three_day_job_has_a_day_row_per_date(center):
    first = center.today() + timedelta(days=1)
    job = post(center, date=first, end_date=first + timedelta(days=2))
    assert list(job.days.values_list("date", "status")) == [
        (first + timedelta(days=n), JobDay.Status.SCHEDULED) for n in range(3)
    ]


def test_a_one_day_job_has_one_day_row_and_no_end_date(center):
    first = center.today() + timedelta(days=1)
    job = post(center, date=first, end_date=first)
    assert job.end_date is None
    assert list(job.days.values_list("date", flat=True)) == [first]


@pytest.mark.parametrize(
    ("fields", "code", "english", "spanish"),
    [
        ({"end_date": -1}, "end_before_start", "before the first day", "antes del primero"),
        ({"end_date": 14}, "too_many_days", "at most 14 days", "como máximo 14 días"),
        ({"repeat_until": 3}, "repeat_too_short", "at least a week", "al menos una semana"),
        ({"repeat_until": 7 * 13}, "repeat_too_long", "at most 12 weeks", "como máximo 12"),
        (
            {"end_date": 7, "repeat_until": 30},
            "span_overlaps_next_week",
            "at most 7 days",
            "como máximo 7 días",
        ),
        ({"date": -2}, "past_date", "past date", "fecha pasada"),
    ],
)
def test_bad_days_are_refused_in_both_languages_and_nothing_is_written(
    center, fields, code, english, spanish
):
    first = center.today() + timedelta(days=1)
    dated = {key: first + timedelta(days=n) for key, n in fields.items()}
    for language, text in (("en", english), ("es", spanish)):
        with translation.override(language), pytest.raises(DispatchError) as refused:
            post(center, date=dated.pop("date", first), **dated)
        assert refused.value.code == code
        assert text in str(refused.value.message)
        dated = {key: first + timedelta(days=n) for key, n in fields.items()}
    assert not Job.objects.exists()
    assert not JobDay.objects.exists()


def test_a_weekly_job_posts_each_week_until_its_end_and_extending_is_idempotent(center):
    first = center.today() + timedelta(days=1)
    job = post(
        center,
        date=first,
        end_date=first + timedelta(days=1),
        repeat_until=first + timedelta(weeks=3, days=2),
    )
    occurrences = list(Job.objects.filter(series=job.series).order_by("date"))
    assert [o.date for o in occurrences] == [first + timedelta(weeks=n) for n in range(4)]
    assert all(o.end_date == o.date + timedelta(days=1) for o in occurrences)
    assert all(o.days.count() == 2 for o in occurrences)
    assert {o.hourly_wage for o in occurrences} == {Decimal("25")}
    assert series_extend(series=job.series) == []
    assert Job.objects.filter(series=job.series).count() == 4


def test_moving_a_job_with_workers_sent_is_refused(center):
    job = factories.JobFactory(center=center, end_date=center.today() + timedelta(days=2))
    factories.AssignmentFactory(job=job)
    with pytest.raises(DispatchError) as refused:
        job_update(job=job, by=None, end_date=center.today() + timedelta(days=3))
    assert refused.value.code == "job_has_workers"


def test_editing_the_last_day_of_an_open_job_updates_its_days(center):
    first = center.today() + timedelta(days=1)
    job = post(center, date=first, end_date=first + timedelta(days=2))
    job_update(job=job, by=None, end_date=first + timedelta(days=1))
    assert list(job.days.values_list("date", flat=True)) == [first, first + timedelta(days=1)]


# --- pages --------------------------------------------------------------------------------


def form_data(employer, **extra):
    first = employer.center.today() + timedelta(days=1)
    return {
        "employer": employer.pk, "source": "desk", "description": "Paint the fence",
        "date": first.isoformat(), "end_date": (first + timedelta(days=2)).isoformat(),
        "start_time": "08:00", "estimated_hours": "8", "hourly_wage": "25",
        "workers_needed": "2", "address": "9 Garey Ave", **extra,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("language", "text"), [("en", "before the first day"), ("es", "antes del primero")]
)
def test_the_desk_form_refuses_an_end_before_the_start_in_the_users_language(
    desk_client, center, language, text
):
    employer = factories.EmployerFactory(center=center)
    bad = form_data(employer, end_date=center.today().isoformat())
    response = desk_client.post(reverse("job-create"), bad, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Job.objects.exists()


def test_the_desk_posts_a_three_day_job_and_its_page_lists_the_days(desk_client, center):
    employer = factories.EmployerFactory(center=center)
    response = desk_client.post(reverse("job-create"), form_data(employer))
    assert response.status_code == 302
    job = Job.objects.get()
    page = desk_client.get(reverse("job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "3 días" in html
    assert "Cancelar este día" in html


def test_the_desk_cancels_one_day_and_the_worker_sent_that_day_is_told(desk_client, center):
    job = factories.JobFactory(center=center, end_date=center.today() + timedelta(days=2))
    worker = factories.WorkerFactory(center=center, preferred_language="es")
    from dispatch.services.morning import assignment_create
    from sms.models import Message

    assignment_create(job=job, worker=worker, how="walk_in")
    day = (center.today() + timedelta(days=1)).isoformat()
    response = desk_client.post(
        reverse("job-day", args=[job.pk, day, "cancel"]), {}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302
    assert job.days.get(date=day).status == JobDay.Status.CANCELLED
    (told,) = Message.objects.filter(worker=worker, kind="job_day_cancelled")
    assert "solo el" in told.body
    assert job.assignments.filter(state="active").count() == 2


def test_another_centers_job_days_cannot_be_touched(desk_client, other_center):
    theirs = factories.JobFactory(
        center=other_center, end_date=other_center.today() + timedelta(days=1)
    )
    day = theirs.date.isoformat()
    for verb in ("confirm", "cancel"):
        response = desk_client.post(reverse("job-day", args=[theirs.pk, day, verb]), {})
        assert response.status_code == 404
    assert set(theirs.days.values_list("status", flat=True)) == {JobDay.Status.SCHEDULED}


def test_an_employer_confirms_and_cancels_only_its_own_days(client, center):
    mine = factories.EmployerFactory(center=center, portal_user=factories.UserFactory())
    job = factories.JobFactory(
        center=center, employer=mine, end_date=center.today() + timedelta(days=2)
    )
    other = factories.JobFactory(center=center, end_date=center.today() + timedelta(days=1))
    client.force_login(mine.portal_user)
    day = (center.today() + timedelta(days=1)).isoformat()
    response = client.post(reverse("portal-job-day", args=[job.pk, day, "confirm"]))
    assert response.status_code == 302
    assert job.days.get(date=day).status == JobDay.Status.CONFIRMED
    response = client.post(reverse("portal-job-day", args=[other.pk, day, "cancel"]))
    assert response.status_code == 404
    home = client.get(reverse("portal-home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirmed" in home
    assert "Cancel this day" in home


# --- API ----------------------------------------------------------------------------------

URL = "/api/v1/jobs/"


def api_payload(employer, **extra):
    first = employer.center.today() + timedelta(days=1)
    return {
        "employer": employer.pk, "description": "Paint", "workers_needed": 1,
        "hourly_wage": "25.00", "date": first.isoformat(), "start_time": "08:00",
        "estimated_hours": "8", "address": "9 Garey Ave", **extra,
    }  # fmt: skip


def test_the_api_posts_a_weekly_three_day_job_and_lists_its_days(api, center):
    employer = factories.EmployerFactory(center=center)
    first = center.today() + timedelta(days=1)
    body = api_payload(
        employer,
        end_date=(first + timedelta(days=2)).isoformat(),
        repeat_until=(first + timedelta(weeks=1)).isoformat(),
    )
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [d["date"] for d in data["days"]] == [
        (first + timedelta(days=n)).isoformat() for n in range(3)
    ]
    assert data["series"] is not None
    assert Job.objects.filter(series=data["series"]).count() == 2


@pytest.mark.parametrize(
    ("language", "text"), [("en", "at most 14 days"), ("es", "como máximo 14")]
)
def test_the_api_refuses_too_many_days_in_the_request_language(api, center, language, text):
    employer = factories.EmployerFactory(center=center)
    first = center.today() + timedelta(days=1)
    body = api_payload(employer, end_date=(first + timedelta(days=20)).isoformat())
    response = api.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert text in response.json()["detail"]
    assert not Job.objects.exists()


def test_the_api_cancels_one_day_and_refuses_another_centers(api, center, other_center):
    job = factories.JobFactory(center=center, end_date=center.today() + timedelta(days=1))
    day = job.date.isoformat()
    response = api.post(f"{URL}{job.pk}/days/{day}/cancel/", {"reason": "Rain"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"date": day, "status": "cancelled"}
    job.refresh_from_db()
    assert job.date == center.today() + timedelta(days=1)  # dispatched on its first day left
    theirs = factories.JobFactory(center=other_center)
    response = api.post(f"{URL}{theirs.pk}/days/{theirs.date.isoformat()}/confirm/", {})
    assert response.status_code == 404
