from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from dispatch.errors import DispatchError
from dispatch.models import Assignment
from employers.models import Job
from tests import factories
from wages.models import WageClaim
from wages.services.ledger import (
    assignment_cancel,
    assignment_complete,
    assignment_no_show,
    assignment_paid_record,
    assignment_rate,
    payment_checks_send,
    payment_reply,
)
from workers.models import Sanction

pytestmark = pytest.mark.django_db
PaidStatus = Assignment.PaidStatus


@pytest.fixture
def assignment(center):
    return factories.AssignmentFactory(job__center=center)


def test_completing_a_job_defaults_the_pay_to_wage_times_hours(assignment, coordinator):
    done = assignment_complete(assignment=assignment, hours_worked="7.5", by=coordinator)
    assert done.state == Assignment.State.COMPLETED
    assert done.amount_paid == Decimal("187.50")
    assert done.pay_note == ""
    assert done.history.first().history_user == coordinator
    assert Job.objects.get(pk=assignment.job_id).status == Job.Status.COMPLETED


def test_a_different_amount_needs_a_reason(assignment):
    with pytest.raises(DispatchError) as refused:
        assignment_complete(assignment=assignment, hours_worked="6", amount_paid="140")
    assert refused.value.field == "pay_note"
    assert "$150.00" in str(refused.value)
    done = assignment_complete(
        assignment=assignment, hours_worked="6", amount_paid="170", pay_note="Tip for extra work"
    )
    assert done.amount_paid == Decimal("170.00")
    assert done.pay_note == "Tip for extra work"


@pytest.mark.parametrize(("hours", "amount"), [("0", None), ("25", None), ("x", None), ("6", "-1")])
def test_bad_hours_or_negative_pay_are_refused(assignment, hours, amount):
    with pytest.raises(DispatchError):
        assignment_complete(
            assignment=assignment, hours_worked=hours, amount_paid=amount, pay_note="n"
        )
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.ACTIVE


def test_a_job_in_the_future_cannot_be_completed(center):
    assignment = factories.AssignmentFactory(
        job__center=center, job__date=center.today() + timedelta(days=1)
    )
    with pytest.raises(DispatchError):
        assignment_complete(assignment=assignment, hours_worked="5")


def test_the_job_completes_only_when_every_worker_is_accounted_for(center):
    job = factories.JobFactory(
        center=center, workers_needed=2, hourly_wage=Decimal("25.00"), status="filled"
    )
    first = factories.AssignmentFactory(job=job, slot=1)
    second = factories.AssignmentFactory(job=job, slot=2)
    assignment_complete(assignment=first, hours_worked="6")
    assert Job.objects.get(pk=job.pk).status == Job.Status.FILLED
    assignment_no_show(assignment=second)
    assert Job.objects.get(pk=job.pk).status == Job.Status.COMPLETED


def test_paid_status_and_ratings_both_ways(assignment, coordinator):
    with pytest.raises(DispatchError):
        assignment_rate(assignment=assignment, worker_rating=5)
    assignment_complete(assignment=assignment, hours_worked="6")
    assignment_paid_record(assignment=assignment, paid_status=PaidStatus.PAID, by=coordinator)
    rated = assignment_rate(
        assignment=assignment,
        worker_rating="5",
        worker_rating_comment="Careful and fast",
        employer_rating=2,
        employer_rating_comment="No water, no breaks",
    )
    assert (rated.worker_rating, rated.employer_rating) == (5, 2)
    assert rated.paid_status == PaidStatus.PAID
    for bad in (0, 6, "great"):
        with pytest.raises(DispatchError):
            assignment_rate(assignment=assignment, employer_rating=bad)


def test_cancelling_a_worker_needs_a_reason_and_reopens_the_job(assignment):
    with pytest.raises(DispatchError):
        assignment_cancel(assignment=assignment, reason="")
    assignment_cancel(assignment=assignment, reason="Employer called it off")
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.CANCELLED
    assert assignment.ended_reason == "Employer called it off"
    assert Job.objects.get(pk=assignment.job_id).status == Job.Status.OPEN


def test_a_no_show_records_a_strike_and_the_nth_suspends(center, coordinator):
    center.strike_limit = 2
    center.save()
    worker = factories.WorkerFactory(center=center)
    first = factories.AssignmentFactory(job__center=center, worker=worker)
    sanction = assignment_no_show(assignment=first, by=coordinator)
    assert sanction.kind == Sanction.Kind.NO_SHOW
    assert sanction.related_assignment_id == first.pk
    assert sanction.decided_by == coordinator
    worker.refresh_from_db()
    assert worker.suspended_until is None
    second = factories.AssignmentFactory(
        job__center=center, worker=worker, job__date=center.today() - timedelta(days=1)
    )
    assignment_no_show(assignment=second, reason="Accepted by SMS, never came")
    worker.refresh_from_db()
    assert worker.signin_refusal(center.today())


# --- the next-day payment check ---------------------------------------------------------


def _local(center, day, hour):
    return datetime.combine(day, datetime.min.time(), tzinfo=center.tz).replace(hour=hour)


@pytest.fixture
def yesterdays_job(center):
    job = factories.JobFactory(
        center=center, date=center.today() - timedelta(days=1), hourly_wage=Decimal("25.00")
    )
    assignment = factories.AssignmentFactory(job=job)
    assignment_complete(assignment=assignment, hours_worked="6")
    return Assignment.objects.get(pk=assignment.pk)


def test_the_payment_check_goes_once_the_day_after_in_daytime(center, yesterdays_job, outbox):
    today = center.today()
    assert payment_checks_send(now=_local(center, today, 6)) == 0
    assert payment_checks_send(now=_local(center, today, 10)) == 1
    assert payment_checks_send(now=_local(center, today, 11)) == 0
    sent = outbox(kind="payment_check")
    assert [m.worker_id for m in sent] == [yesterdays_job.worker_id]
    yesterdays_job.refresh_from_db()
    assert yesterdays_job.payment_check_sent_at is not None


def test_the_bulk_payment_check_update_writes_audit_rows(center, yesterdays_job):
    before = yesterdays_job.history.count()
    payment_checks_send(now=_local(center, center.today(), 10))
    latest = yesterdays_job.history.first()
    assert yesterdays_job.history.count() == before + 1
    assert latest.payment_check_sent_at is not None
    assert latest.history_change_reason == "payment check sent"


def test_no_payment_check_for_todays_or_already_paid_jobs(center, outbox):
    today_job = factories.AssignmentFactory(job__center=center)
    assignment_complete(assignment=today_job, hours_worked="4")
    paid = factories.AssignmentFactory(
        job__center=center, job__date=center.today() - timedelta(days=1)
    )
    assignment_complete(assignment=paid, hours_worked="4", paid_status=PaidStatus.PAID)
    assert payment_checks_send(now=_local(center, center.today(), 12)) == 0
    assert outbox(kind="payment_check") == []


def test_a_1_records_paid(center, yesterdays_job):
    payment_checks_send(now=_local(center, center.today(), 10))
    assert payment_reply(worker=yesterdays_job.worker, intent="accept") is True
    yesterdays_job.refresh_from_db()
    assert yesterdays_job.paid_status == PaidStatus.PAID
    assert not WageClaim.objects.exists()
    assert payment_reply(worker=yesterdays_job.worker, intent="accept") is False


def test_a_2_opens_a_draft_claim_with_job_employer_and_amount(center, yesterdays_job, outbox):
    payment_checks_send(now=_local(center, center.today(), 10))
    assert payment_reply(worker=yesterdays_job.worker, intent="decline") is True
    claim = WageClaim.objects.get()
    assert claim.status == WageClaim.Status.DRAFT
    assert (claim.worker, claim.employer, claim.job) == (
        yesterdays_job.worker,
        yesterdays_job.job.employer,
        yesterdays_job.job,
    )
    assert claim.amount_owed == Decimal("150.00")
    yesterdays_job.refresh_from_db()
    assert yesterdays_job.paid_status == PaidStatus.UNPAID
    assert [m.kind for m in outbox()] == ["payment_check", "claim_update"]


def test_a_reply_without_a_waiting_check_is_not_taken(center, yesterdays_job):
    assert payment_reply(worker=yesterdays_job.worker, intent="decline") is False
    assert payment_reply(worker=yesterdays_job.worker, intent="position") is False
    assert not WageClaim.objects.exists()


def test_no_payment_check_is_marked_for_a_worker_who_cannot_be_texted(center, outbox):
    silent = factories.WorkerFactory(center=center, sms_consent_at=None)
    assignment = factories.AssignmentFactory(
        job__center=center, job__date=center.today() - timedelta(days=1), worker=silent
    )
    assignment_complete(assignment=assignment, hours_worked="4")
    assert payment_checks_send(now=_local(center, center.today(), 10)) == 0
    assignment.refresh_from_db()
    assert assignment.payment_check_sent_at is None
    assert outbox(kind="payment_check") == []


def test_the_payment_check_writes_the_day_the_spanish_way(center, yesterdays_job, outbox):
    yesterdays_job.worker.preferred_language = "es"
    yesterdays_job.worker.save()
    payment_checks_send(now=_local(center, center.today(), 10))
    day = yesterdays_job.date
    weekday = ["lun", "mar", "mie", "jue", "vie", "sab", "dom"][day.weekday()]
    body = outbox(kind="payment_check")[0].body
    assert f" el {weekday} {day.day}/{day.month}?" in body  # day first, as Spanish writes it
