"""The employer's rating of each worker: one per worker per job, editable for a few days,
and never read by the lottery."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse

from dispatch import lottery
from dispatch.errors import DispatchError
from dispatch.models import Assignment
from dispatch.services import morning
from employers.rules import RATING_EDIT_DAYS
from tests import factories
from wages.models import WorkerRating
from wages.services.feedback import rating_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(center):
    return factories.EmployerFactory(center=center, portal_user=factories.UserFactory())


@pytest.fixture
def done(center, employer):
    job = factories.JobFactory(
        center=center, employer=employer, date=center.today() - timedelta(days=1)
    )
    return factories.AssignmentFactory(job=job, state="completed")


def rate(assignment, employer, **kwargs):
    values = {"on_time": True, "quality": 4, "would_hire_again": True} | kwargs
    return rating_save(assignment=assignment, employer=employer, **values)


def test_a_rating_is_one_per_worker_per_job_and_can_be_changed(done, employer):
    rate(done, employer, quality=2, would_hire_again=False, comment="Slow")
    rate(done, employer, quality=5, comment="Better than I thought")
    rating = WorkerRating.objects.get()
    assert (rating.quality, rating.would_hire_again, rating.comment) == (
        5,
        True,
        "Better than I thought",
    )
    done.refresh_from_db()
    assert done.worker_rating == 5  # the jobs log shows the same score


def test_a_rating_closes_some_days_after_the_job(done, employer):
    late = done.date + timedelta(days=RATING_EDIT_DAYS + 1)
    with pytest.raises(DispatchError, match="rated from the day of the job"):
        rate(done, employer, today=late)
    rate(done, employer, today=done.date + timedelta(days=RATING_EDIT_DAYS))
    assert WorkerRating.objects.count() == 1


def test_only_the_jobs_employer_can_rate_and_only_from_1_to_5(center, done, employer):
    with pytest.raises(DispatchError, match="not sent to your job"):
        rate(done, factories.EmployerFactory(center=center))
    for bad in (0, 6, "x"):
        with pytest.raises(DispatchError, match="1 to 5"):
            rate(done, employer, quality=bad)
    assert not WorkerRating.objects.exists()


def test_an_undone_assignment_cannot_be_rated(done, employer):
    Assignment.objects.filter(pk=done.pk).update(state="undone")
    with pytest.raises(DispatchError):
        rate(done, employer)


@pytest.mark.parametrize("mode", ["uniform", "tiered", "deficit"])
def test_ratings_never_change_the_lottery(center, mode):
    """The same day drawn with the same seed gives the same order whether the workers were
    rated well, badly or not at all."""
    center.lottery_mode = mode
    center.save()
    today = center.today()
    workers = factories.WorkerFactory.create_batch(8, center=center)
    employer = factories.EmployerFactory(center=center)
    past = []
    for n, worker in enumerate(workers[:5]):
        job = factories.JobFactory(
            center=center, employer=employer, date=today - timedelta(days=n + 1)
        )
        past.append(factories.AssignmentFactory(job=job, worker=worker, state="completed"))
    opens = center.local_datetime(today, time(0, 0))
    center.signin_opens, center.lottery_cutoff = time(0, 0), time(23, 59)
    center.save()
    for n, worker in enumerate(workers):
        morning.signin_create(center=center, badge=worker.badge, now=opens + timedelta(minutes=n))
    until = opens + timedelta(hours=1)
    seed = "ab" * 32

    def order():
        inputs, _ids = morning.lottery_inputs(center=center, day=today, until=until)
        return inputs.as_dict(), lottery.draw(seed, inputs)

    unrated = order()
    for n, assignment in enumerate(past):
        rating_save(
            assignment=assignment,
            employer=employer,
            on_time=n % 2 == 0,
            quality=1 + n % 5,
            would_hire_again=n % 2 == 1,
            today=assignment.date,
        )
        Assignment.objects.filter(pk=assignment.pk).update(employer_rating=5 - n % 5)
    assert WorkerRating.objects.count() == 5
    assert order() == unrated


# --- the portal pages -----------------------------------------------------------------


@pytest.fixture
def portal(client, employer):
    client.force_login(employer.portal_user)
    return client


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_employer_rates_a_worker_in_the_portal(portal, done, language):
    home = portal.get(reverse("portal-home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert reverse("portal-job-workers", args=[done.job_id]) in home
    workers = portal.get(
        reverse("portal-job-workers", args=[done.job_id]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert done.worker.known_as in workers
    assert done.worker.full_name not in workers
    url = reverse("portal-rate", args=[done.pk])
    form = portal.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("Llegó a tiempo" if language == "es" else "Came on time") in form
    response = portal.post(
        url,
        {"on_time": "no", "quality": "3", "would_hire_again": "yes", "comment": "Bien"},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    assert ("Gracias" if language == "es" else "Thank you") in response.content.decode()
    rating = WorkerRating.objects.get()
    assert (rating.on_time, rating.quality, rating.would_hire_again) == (False, 3, True)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_rating_without_a_score_is_refused_in_the_readers_language(portal, done, language):
    response = portal.post(
        reverse("portal-rate", args=[done.pk]),
        {"on_time": "yes", "would_hire_again": "yes"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert ("Este campo es requerido" if language == "es" else "This field is required") in page
    assert not WorkerRating.objects.exists()


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_employer_asks_not_to_be_sent_a_worker_again(portal, done, language):
    url = reverse("portal-decline", args=[done.pk])
    page = portal.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("discriminación" if language == "es" else "discrimination") in page
    response = portal.post(
        url, {"reason": "quality", "note": "Broke a window"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 302
    decline = done.worker.declined_by.get()
    assert (decline.status, decline.reason, decline.note) == (
        "pending",
        "quality",
        "Broke a window",
    )


def test_the_demo_shows_ratings_a_decline_to_review_and_a_network_warning():
    import random

    from centers import demo as demo_centers
    from employers import demo as demo_employers
    from employers.models import Employer, WorkerDecline
    from employers.selectors import employer_network_messages
    from wages import demo as demo_wages
    from workers import demo as demo_workers

    rng = random.Random(1998)
    centers = demo_centers.seed(rng)
    for seeder in (demo_workers.seed, demo_employers.seed, demo_wages.seed):
        seeder(centers, rng)
    demo_wages.seed_feedback(centers, rng)
    pomona = next(c for c in centers if c.slug == "pomona")
    pomona.refresh_from_db()
    assert pomona.allow_remote_join
    assert WorkerRating.objects.filter(center=pomona).exists()
    assert WorkerDecline.objects.filter(center=pomona, status="pending").exists()
    warned = [e for e in Employer.objects.filter(center=pomona) if employer_network_messages(e)]
    assert len(warned) == 1
    assert "Graton" in employer_network_messages(warned[0])[0]
