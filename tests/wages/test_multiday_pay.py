"""The jobs log of a job of several days: hours and pay per worker per day, one "were you
paid?" for the whole span, and a claim computed day by day."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from dispatch.models import Assignment
from dispatch.services import morning
from sms.models import Message
from tests import factories
from wages.models import WageClaim
from wages.services.ledger import assignment_complete, payment_checks_send, payment_reply

pytestmark = pytest.mark.django_db
PaidStatus = Assignment.PaidStatus


def _at(center, day, hour):
    return datetime.combine(day, datetime.min.time(), tzinfo=center.tz).replace(hour=hour)


def _span_job(center, first, days=3):
    job = factories.JobFactory(
        center=center,
        date=first,
        end_date=first + timedelta(days=days - 1),
        hourly_wage=Decimal("25.00"),
    )
    worker = factories.WorkerFactory(center=center, preferred_language="en")
    if job.end_date < center.today():
        morning.assignment_create(job=job, worker=worker, how="walk_in")  # recorded after
    else:  # sent on its first day, as the morning of that day did
        for day in job.days.all():
            factories.AssignmentFactory(job=job, worker=worker, date=day.date)
    return job, worker


def _checks(worker):
    return list(
        Message.objects.filter(worker=worker, kind__startswith="payment_check").order_by("pk")
    )


def test_each_day_is_logged_with_its_own_hours_and_pay(center):
    job, _worker = _span_job(center, center.today() - timedelta(days=3))
    rows = list(job.assignments.order_by("date"))
    assert len(rows) == 3
    for row, hours in zip(rows, ("8", "6", "7.5"), strict=True):
        assignment_complete(assignment=row, hours_worked=hours)
    amounts = list(job.assignments.order_by("date").values_list("amount_paid", flat=True))
    assert amounts == [Decimal("200.00"), Decimal("150.00"), Decimal("187.50")]
    job.refresh_from_db()
    assert job.status == job.Status.COMPLETED


def test_one_payment_check_for_the_span_after_its_last_day(center):
    today = center.today()
    job, worker = _span_job(center, today - timedelta(days=2))  # its last day is today
    for row in job.assignments.filter(date__lt=today):
        assignment_complete(assignment=row, hours_worked="8")
    assert payment_checks_send(now=_at(center, today, 10)) == 0  # a day is still to work
    assert _checks(worker) == []
    assignment_complete(assignment=job.assignments.get(date=today), hours_worked="8")
    # The next morning: one text for the three days.
    assert payment_checks_send(now=_at(center, today + timedelta(days=1), 10)) == 1
    (check,) = _checks(worker)
    assert check.kind == "payment_check_days"
    assert job.assignments.filter(payment_check_sent_at__isnull=True).count() == 0


def test_the_span_is_asked_once_and_a_no_opens_one_claim_counted_per_day(center):
    today = center.today()
    job, worker = _span_job(center, today - timedelta(days=3))
    for row, hours in zip(job.assignments.order_by("date"), ("8", "6", "7"), strict=True):
        assignment_complete(assignment=row, hours_worked=hours)
    assert payment_checks_send(now=_at(center, today, 10)) == 1
    assert payment_checks_send(now=_at(center, today, 11)) == 0
    (check,) = _checks(worker)
    assert check.kind == "payment_check_days"
    assert "3 days" in check.body
    assert check.segments == 1
    assert payment_reply(worker=worker, intent="decline") is True
    claim = WageClaim.objects.get()
    assert claim.amount_owed == Decimal("25.00") * (8 + 6 + 7)
    assert (claim.work_start, claim.work_end) == (
        today - timedelta(days=3),
        today - timedelta(days=1),
    )
    assert set(job.assignments.values_list("paid_status", flat=True)) == {PaidStatus.UNPAID}


def test_a_yes_marks_every_day_of_the_span_paid(center):
    today = center.today()
    job, worker = _span_job(center, today - timedelta(days=2), days=2)
    for row in job.assignments.all():
        assignment_complete(assignment=row, hours_worked="8")
    payment_checks_send(now=_at(center, today, 10))
    assert payment_reply(worker=worker, intent="accept") is True
    assert set(job.assignments.values_list("paid_status", flat=True)) == {PaidStatus.PAID}
    assert not WageClaim.objects.exists()
