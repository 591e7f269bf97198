"""No double booking under concurrency: 20 threads behind one barrier, on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

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
