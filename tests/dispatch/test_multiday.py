"""Jobs of several days: the whole span is offered and booked, each day a worker-day, never
two jobs for one worker on any of its days; a single day can be cancelled or confirmed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from dispatch import reasons
from dispatch.errors import DispatchConflict
from dispatch.models import Assignment, DispatchDecision
from dispatch.services import morning, offers
from employers import services as jobs
from employers.errors import DispatchError
from employers.models import Job, JobDay
from tests import factories

pytestmark = pytest.mark.django_db


def three_days(center, **fields):
    today = center.today()
    return factories.JobFactory(center=center, end_date=today + timedelta(days=2), **fields)


def live_dates(worker):
    return sorted(
        Assignment.objects.filter(worker=worker, state="active").values_list("date", flat=True)
    )


def test_a_worker_sent_to_a_three_day_job_is_booked_on_each_of_its_days(center, queue_of):
    (worker,) = queue_of(1)
    job = three_days(center)
    result = morning.job_dispatch_desk(job=job)
    assert [a.worker_id for a in result.assignments] == [worker.pk]
    today = center.today()
    assert live_dates(worker) == [today + timedelta(days=n) for n in range(3)]
    assert set(job.assignments.values_list("slot", flat=True)) == {1}
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED


def test_a_worker_with_a_job_on_a_later_day_is_skipped_and_the_desk_sees_why(center, queue_of):
    busy, free = queue_of(2)
    tomorrow = center.today() + timedelta(days=1)
    other = factories.JobFactory(center=center, date=tomorrow)
    morning.assignment_create(job=other, worker=busy, how="walk_in")
    job = three_days(center)
    result = morning.job_dispatch_desk(job=job)
    assert [a.worker_id for a in result.assignments] == [free.pk]
    assert (busy, reasons.HAS_JOB_ON_A_DAY) in [(w, why) for w, why in result.skipped]
    decision = DispatchDecision.objects.get(job=job, worker=busy)
    assert decision.reason == reasons.HAS_JOB_ON_A_DAY
    assert "one of this job's days" in reasons.label(decision.reason)


def test_naming_a_worker_busy_on_a_later_day_is_refused_with_the_day(center, queue_of):
    (worker,) = queue_of(1)
    later = center.today() + timedelta(days=2)
    morning.assignment_create(
        job=factories.JobFactory(center=center, date=later), worker=worker, how="walk_in"
    )
    job = three_days(center)
    with pytest.raises(DispatchConflict) as refused:
        morning.assignment_create(job=job, worker=worker, how="walk_in")
    assert refused.value.code == "has_job_on_a_day"
    assert job.assignments.count() == 0


def test_a_single_day_job_is_refused_to_a_worker_on_a_three_day_job(center, queue_of):
    (worker,) = queue_of(1)
    morning.assignment_create(job=three_days(center), worker=worker, how="walk_in")
    day_two = factories.JobFactory(center=center, date=center.today() + timedelta(days=1))
    with pytest.raises(DispatchConflict):
        morning.assignment_create(job=day_two, worker=worker, how="walk_in")


def test_the_database_refuses_a_second_job_on_any_day_of_the_span(center):
    worker = factories.WorkerFactory(center=center)
    job = three_days(center)
    morning.assignment_create(job=job, worker=worker, how="walk_in")
    day_three = factories.JobFactory(center=center, date=center.today() + timedelta(days=2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            center=center, job=day_three, worker=worker, date=day_three.date, slot=1, how="walk_in"
        )


def test_the_sms_offer_of_a_three_day_job_says_its_days_in_one_segment(
    center, queue_of, outbox, at
):
    worker, *_ = queue_of(1)
    job = three_days(center, address="12 Elm St, Claremont, CA")
    result = offers.offers_send(job=job, now=at("08:00"))
    (text,) = outbox(kind="offer_days", worker=worker)
    assert text.offer_id == result.offers[0].pk
    assert "3 days" in text.body
    assert text.segments == 1
    assert offers.offers_answer(worker=worker, accept=True, now=at("08:01"))
    assert len(live_dates(worker)) == 3


def test_the_spanish_offer_of_a_three_day_job_fits_one_segment(center, queue_of, outbox, at):
    (worker,) = queue_of(1, preferred_language="es")
    offers.offers_send(job=three_days(center), now=at("08:00"))
    (text,) = outbox(kind="offer_days", worker=worker)
    assert "3 dias" in text.body
    assert text.segments == 1


def test_cancelling_one_day_frees_that_day_only_and_tells_the_worker(center, queue_of, outbox):
    (worker,) = queue_of(1)
    job = three_days(center)
    morning.assignment_create(job=job, worker=worker, how="walk_in")
    day_two = job.days.get(date=center.today() + timedelta(days=1))
    jobs.job_day_cancel(day=day_two, by=None, reason="Rain")
    today = center.today()
    assert live_dates(worker) == [today, today + timedelta(days=2)]
    (told,) = outbox(kind="job_day_cancelled", worker=worker)
    assert "only" in told.body
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED
    # The freed day can go to another job.
    other = factories.JobFactory(center=center, date=day_two.date)
    assert morning.assignment_create(job=other, worker=worker, how="walk_in")


def test_cancelling_every_day_cancels_the_job(center, queue_of, outbox):
    (worker,) = queue_of(1)
    job = three_days(center)
    morning.assignment_create(job=job, worker=worker, how="walk_in")
    for day in job.days.all():
        jobs.job_day_cancel(day=day, by=None)
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    assert live_dates(worker) == []
    with pytest.raises(DispatchError):
        jobs.job_day_cancel(day=job.days.first(), by=None)


def test_a_day_can_be_confirmed_but_not_a_cancelled_or_past_one(center):
    job = three_days(center)
    first, second, _third = job.days.all()
    assert jobs.job_day_confirm(day=first, by=None).status == JobDay.Status.CONFIRMED
    jobs.job_day_cancel(day=second, by=None)
    with pytest.raises(DispatchError) as refused:
        jobs.job_day_confirm(day=second, by=None)
    assert refused.value.code == "day_cancelled"
    past = factories.JobFactory(center=center, date=center.today() - timedelta(days=1))
    with pytest.raises(DispatchError):
        jobs.job_day_confirm(day=past.days.get(), by=None)


def test_undoing_a_dispatch_undoes_every_day_of_it(center, queue_of):
    (worker,) = queue_of(1)
    job = three_days(center)
    first = morning.assignment_create(job=job, worker=worker, how="walk_in")
    morning.assignment_undo(assignment=first, reason="wrong worker")
    assert live_dates(worker) == []
    job.refresh_from_db()
    assert job.status == Job.Status.OPEN


def test_cancelling_the_whole_job_texts_each_worker_once(center, queue_of, outbox):
    a, b = queue_of(2)
    job = three_days(center, workers_needed=2)
    for worker in (a, b):
        morning.assignment_create(job=job, worker=worker, how="walk_in")
    jobs.job_cancel(job=job, by=None, reason="Called off")
    assert len(outbox(kind="job_cancelled", worker=a)) == 1
    assert len(outbox(kind="job_cancelled", worker=b)) == 1
    assert Assignment.objects.filter(job=job, state="cancelled").count() == 6
