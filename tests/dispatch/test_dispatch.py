"""The dispatch engine: each rule alone, undo, and "why not me?"."""

from __future__ import annotations

import pytest

from dispatch import reasons
from dispatch.errors import DispatchConflict, DispatchError
from dispatch.models import Assignment, DispatchDecision, SignIn
from dispatch.selectors.morning import decisions_for
from dispatch.services import morning
from employers.models import Job
from tests import factories

pytestmark = pytest.mark.django_db


def skipped(result):
    return [(worker.pk, why) for worker, why in result.skipped]


def test_the_next_workers_in_queue_order_get_the_job(center, morning_of):
    first, second, third = morning_of(*factories.WorkerFactory.create_batch(3, center=center))
    job = factories.JobFactory(center=center, workers_needed=2)
    result = morning.job_dispatch_desk(job=job)
    assert [a.worker_id for a in result.assignments] == [first.pk, second.pk]
    assert [a.slot for a in result.assignments] == [1, 2]
    assert {a.how for a in result.assignments} == {Assignment.How.LOTTERY}
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED
    assert SignIn.objects.get(worker=third).state == SignIn.State.WAITING
    assert SignIn.objects.get(worker=first).state == SignIn.State.DISPATCHED


def test_a_worker_without_a_required_skill_is_skipped_and_told_why(center, morning_of):
    roofing = factories.SkillFactory(code="roofing")
    lacking, skilled = morning_of(
        factories.WorkerFactory(center=center),
        factories.WorkerFactory(center=center, skills=[roofing]),
    )
    job = factories.JobFactory(center=center, skills=[roofing])
    result = morning.job_dispatch_desk(job=job)
    assert [a.worker_id for a in result.assignments] == [skilled.pk]
    assert skipped(result) == [(lacking.pk, reasons.MISSING_SKILL)]
    why = decisions_for(center=center, day=job.date, worker_id=lacking.pk)
    assert [(row["chosen"], row["reason"]) for row in why] == [
        (False, "Lacks a skill the job needs")
    ]


def test_a_worker_suspended_after_signing_in_is_skipped(center, morning_of):
    suspended, fine = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    suspended.suspended_until = center.today()
    suspended.save()
    result = morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    assert [a.worker_id for a in result.assignments] == [fine.pk]
    assert skipped(result) == [(suspended.pk, reasons.SUSPENDED)]


def test_one_job_per_day_keeps_a_dispatched_worker_out_of_the_next_job(center, morning_of):
    first, second = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    result = morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    assert [a.worker_id for a in result.assignments] == [second.pk]
    with pytest.raises(DispatchConflict, match="already has a job today"):
        morning.assignment_create(
            job=factories.JobFactory(center=center), worker=first, how="walk_in"
        )


def test_without_one_job_per_day_a_worker_may_take_a_second_job(center, morning_of):
    center.one_job_per_day = False
    center.save()
    (worker,) = morning_of(factories.WorkerFactory(center=center))
    morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    result = morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    assert [a.worker_id for a in result.assignments] == [worker.pk]
    assert Assignment.objects.filter(worker=worker).count() == 2


def test_an_employer_request_by_badge_goes_first_when_the_center_allows_it(center, morning_of):
    first, _second, requested = morning_of(*factories.WorkerFactory.create_batch(3, center=center))
    job = factories.JobFactory(center=center, requested=[requested])
    result = morning.job_dispatch_desk(job=job)
    assert [(a.worker_id, a.how) for a in result.assignments] == [
        (requested.pk, Assignment.How.EMPLOYER_REQUEST)
    ]
    assert first.pk not in [a.worker_id for a in result.assignments]


def test_employer_requests_are_ignored_when_the_center_does_not_allow_them(center, morning_of):
    first, _second, requested = morning_of(*factories.WorkerFactory.create_batch(3, center=center))
    center.allow_employer_requests = False
    center.save()
    job = factories.JobFactory(center=center, requested=[requested])
    result = morning.job_dispatch_desk(job=job)
    assert [(a.worker_id, a.how) for a in result.assignments] == [
        (first.pk, Assignment.How.LOTTERY)
    ]


def test_workers_away_from_the_center_are_skipped_at_the_desk(center, morning_of):
    away, here = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    morning.signin_update(signin=SignIn.objects.get(worker=away), present=False)
    result = morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    assert [a.worker_id for a in result.assignments] == [here.pk]
    assert skipped(result) == [(away.pk, reasons.AWAY)]


def test_a_worker_who_left_is_not_a_candidate(center, morning_of):
    gone, here = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    morning.signin_leave(signin=SignIn.objects.get(worker=gone))
    result = morning.job_dispatch_desk(job=factories.JobFactory(center=center))
    assert [a.worker_id for a in result.assignments] == [here.pk]


def test_direct_assignment_of_a_worker_at_the_desk(center, morning_of):
    _first, second = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    job = factories.JobFactory(center=center)
    assignment = morning.assignment_create(job=job, worker=second, how="walk_in")
    assert (assignment.slot, assignment.how) == (1, "walk_in")
    reason = DispatchDecision.objects.get(worker=second).reason
    assert reason == reasons.CHOSEN_DIRECT


def test_a_full_job_refuses_another_worker(center, morning_of):
    first, second = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    job = factories.JobFactory(center=center)
    morning.assignment_create(job=job, worker=first, how="walk_in")
    with pytest.raises(DispatchConflict, match="filled"):
        morning.assignment_create(job=job, worker=second, how="walk_in")


def test_a_mistaken_dispatch_is_undone_with_a_reason(center, morning_of):
    first, _second = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    job = factories.JobFactory(center=center)
    (assignment,) = morning.job_dispatch_desk(job=job).assignments
    with pytest.raises(DispatchError, match="Say why"):
        morning.assignment_undo(assignment=assignment, reason="  ")
    morning.assignment_undo(assignment=assignment, reason="Wrong worker called")
    assignment.refresh_from_db()
    job.refresh_from_db()
    assert (assignment.state, assignment.ended_reason) == ("undone", "Wrong worker called")
    assert job.status == Job.Status.OPEN
    assert SignIn.objects.get(worker=first).state == SignIn.State.WAITING
    assert assignment.history.first().state == "undone"
    again = morning.job_dispatch_desk(job=job)
    assert [a.slot for a in again.assignments] == [1]


def test_a_dispatch_with_nobody_eligible_assigns_nobody(center, morning_of):
    morning_of(factories.WorkerFactory(center=center))
    job = factories.JobFactory(center=center, skills=[factories.SkillFactory(code="plumbing")])
    result = morning.job_dispatch_desk(job=job)
    assert result.assignments == []
    assert Job.objects.get(pk=job.pk).status == Job.Status.OPEN
