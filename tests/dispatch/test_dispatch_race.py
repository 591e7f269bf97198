"""No double booking under concurrency: 20 threads behind one barrier, on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count

from dispatch.errors import DispatchConflict
from dispatch.models import Assignment, Offer
from dispatch.services import morning, offers
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 20


def race(calls):
    """Run each call in its own thread, released together; count successes and conflicts."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            result = call()
            outcome = "ok" if result is not None else "refused"
        except DispatchConflict:
            outcome = "refused"
        except Exception as exc:  # anything else is a bug the test must show
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_twenty_desks_dispatching_one_worker_to_twenty_jobs_book_them_once(center):
    worker = factories.WorkerFactory(center=center)
    jobs = factories.JobFactory.create_batch(THREADS, center=center)
    outcomes = race(
        [
            lambda job=job: morning.assignment_create(job=job, worker=worker, how="walk_in")
            for job in jobs
        ]
    )
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert Assignment.objects.filter(worker=worker).count() == 1


def test_twenty_workers_racing_for_the_last_slot_of_a_job_yield_one_assignment(center):
    workers = factories.WorkerFactory.create_batch(THREADS, center=center)
    job = factories.JobFactory(center=center, workers_needed=1)
    outcomes = race(
        [
            lambda worker=worker: morning.assignment_create(job=job, worker=worker, how="walk_in")
            for worker in workers
        ]
    )
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert Assignment.objects.filter(job=job).count() == 1


def test_twenty_accepts_for_a_three_worker_job_fill_exactly_three_slots(center):
    workers = factories.WorkerFactory.create_batch(THREADS, center=center)
    job = factories.JobFactory(center=center, workers_needed=3)
    expires = center.local_now() + timedelta(minutes=10)
    pending = [
        Offer.objects.create(center=center, job=job, worker=worker, expires_at=expires)
        for worker in workers
    ]
    outcomes = race([lambda offer=offer: offers.offer_accept(offer=offer) for offer in pending])
    assert outcomes == ["ok"] * 3 + ["refused"] * (THREADS - 3)
    assert sorted(job.assignments.values_list("slot", flat=True)) == [1, 2, 3]


def test_one_worker_answering_yes_to_twenty_offers_gets_one_job(center):
    worker = factories.WorkerFactory(center=center)
    jobs = factories.JobFactory.create_batch(THREADS, center=center)
    expires = center.local_now() + timedelta(minutes=10)
    pending = [
        Offer.objects.create(center=center, job=job, worker=worker, expires_at=expires)
        for job in jobs
    ]
    outcomes = race([lambda offer=offer: offers.offer_accept(offer=offer) for offer in pending])
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert Assignment.objects.filter(worker=worker).count() == 1


def test_twenty_coordinators_clicking_dispatch_on_one_job_fill_it_once(center, at):
    workers = factories.WorkerFactory.create_batch(5, center=center)
    for worker in workers:
        morning.signin_create(center=center, badge=worker.badge, now=at("06:30"))
    morning.lottery_draw(center=center, now=at("07:30"))
    job = factories.JobFactory(center=center, workers_needed=2)
    outcomes = race([lambda: morning.job_dispatch_desk(job=job)] * THREADS)
    assert outcomes == ["ok"] + ["refused"] * (THREADS - 1)
    assert job.assignments.count() == 2


def _booked_days(worker):
    return list(
        Assignment.objects.filter(worker=worker, state="active")
        .values("date")
        .annotate(n=Count("pk"))
        .values_list("date", "n")
    )


def test_one_worker_raced_for_a_three_day_job_and_single_day_jobs_is_booked_once_a_day(center):
    """The three-day job and nineteen one-day jobs on its days: whichever desk wins, the
    worker has one job on each day, and the three-day job has all its days or none."""
    worker = factories.WorkerFactory(center=center)
    today = center.today()
    span = [today + timedelta(days=n) for n in range(3)]
    multi = factories.JobFactory(center=center, end_date=span[-1])
    singles = [factories.JobFactory(center=center, date=span[n % 3]) for n in range(THREADS - 1)]
    outcomes = race(
        [
            lambda job=job: morning.assignment_create(job=job, worker=worker, how="walk_in")
            for job in [multi, *singles]
        ]
    )
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    won_multi = Assignment.objects.filter(job=multi, worker=worker).count()
    assert won_multi in (0, 3)
    assert outcomes.count("ok") == (1 if won_multi else 3)
    assert sorted(_booked_days(worker)) == [(day, 1) for day in span]


def test_twenty_workers_racing_for_a_three_day_job_some_busy_on_day_two(center):
    """Half of the workers have a one-day job on the second day: only the free ones can get
    the two places of the three-day job, each for all three days."""
    workers = factories.WorkerFactory.create_batch(THREADS, center=center)
    today = center.today()
    busy = workers[: THREADS // 2]
    for worker in busy:
        job = factories.JobFactory(center=center, date=today + timedelta(days=1))
        morning.assignment_create(job=job, worker=worker, how="walk_in")
    multi = factories.JobFactory(
        center=center, end_date=today + timedelta(days=2), workers_needed=2
    )
    outcomes = race(
        [
            lambda worker=worker: morning.assignment_create(job=multi, worker=worker, how="walk_in")
            for worker in workers
        ]
    )
    assert outcomes == ["ok"] * 2 + ["refused"] * (THREADS - 2)
    winners = set(multi.assignments.values_list("worker_id", flat=True))
    assert len(winners) == 2
    assert not winners & {w.pk for w in busy}
    assert sorted(multi.assignments.values_list("slot", flat=True)) == [1, 1, 1, 2, 2, 2]
    for worker in workers:
        assert all(n == 1 for _day, n in _booked_days(worker))


def test_twenty_yes_answers_for_a_three_day_job_book_three_workers_for_three_days(center):
    workers = factories.WorkerFactory.create_batch(THREADS, center=center)
    today = center.today()
    job = factories.JobFactory(center=center, end_date=today + timedelta(days=2), workers_needed=3)
    # A one-day job on the last day races for the same workers through their other offer.
    other = factories.JobFactory(center=center, date=today + timedelta(days=2), workers_needed=3)
    expires = center.local_now() + timedelta(minutes=10)
    pending = [
        Offer.objects.create(center=center, job=each, worker=worker, expires_at=expires)
        for worker in workers[:10]
        for each in (job, other)
    ]
    outcomes = race([lambda offer=offer: offers.offer_accept(offer=offer) for offer in pending])
    # Each of the ten holds at most one of the two, and at least seven try each job free.
    assert outcomes == ["ok"] * 6 + ["refused"] * (THREADS - 6)
    assert job.assignments.filter(state="active").count() == 9
    assert other.assignments.filter(state="active").count() == 3
    on_both = set(job.assignments.values_list("worker_id", flat=True)) & set(
        other.assignments.values_list("worker_id", flat=True)
    )
    assert not on_both
    for worker in workers:
        assert all(n == 1 for _day, n in _booked_days(worker))
