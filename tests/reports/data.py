"""A small hand-computed data set for the report tests (the numbers are in test_selectors)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from dispatch.models import Assignment, SignIn
from employers.models import Employer, Job
from sms.models import Message
from tests import factories
from wages.models import ClaimEvent, WageClaim
from workers import activities

MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def employer(center, name="Employer"):
    return Employer.objects.create(center=center, name=name, phone="+19095550999")


def job(center, employer, day, wage="25.00", hours="5.0", needed=1):
    return Job.objects.create(
        center=center,
        employer=employer,
        description="Yard work",
        date=day,
        start_time=time(8),
        estimated_hours=Decimal(hours),
        hourly_wage=Decimal(wage),
        wage_floor=center.wage_floor,
        address="Pomona, CA",
        workers_needed=needed,
    )


def signin(center, worker, day, position=1):
    return SignIn.objects.create(
        center=center,
        worker=worker,
        date=day,
        signed_in_at=datetime.combine(day, time(14), tzinfo=UTC),
        position=position,
    )


def assign(job_, worker, slot=1, state="completed", hours=None, paid=None):
    return Assignment.objects.create(
        center=job_.center,
        job=job_,
        worker=worker,
        date=job_.date,
        slot=slot,
        how="lottery",
        state=state,
        hours_worked=Decimal(hours) if hours is not None else None,
        amount_paid=Decimal(paid) if paid is not None else None,
    )


def claim(center, worker, employer_, opened_at, owed, status="open", resolved_at=None):
    row = WageClaim.objects.create(
        center=center,
        worker=worker,
        employer=employer_,
        work_start=date(2025, 3, 4),
        work_end=date(2025, 3, 4),
        amount_owed=Decimal(owed),
        status=status,
        resolved_at=resolved_at,
    )
    WageClaim.objects.filter(pk=row.pk).update(opened_at=opened_at)
    return row


def payment(claim_, amount, at):
    event = ClaimEvent.objects.create(claim=claim_, kind="payment", amount=Decimal(amount))
    ClaimEvent.objects.filter(pk=event.pk).update(at=at)


def message(center, worker, at, status="delivered", segments=1, direction="out"):
    row = Message.objects.create(
        center=center,
        worker=worker,
        direction=direction,
        to_number=str(worker.phone),
        body="Trabajo mañana",
        segments=segments,
        status=status,
        price=Decimal("-0.0079"),
    )
    Message.objects.filter(pk=row.pk).update(created_at=at)


def march(center, other_center):
    """Pomona in March 2025 (plus one February job and noise at another center)."""
    a, b, c, d, idle = (
        factories.WorkerFactory(center=center, full_name=f"Secret Person {n}") for n in "ABCDE"
    )
    e1, e2 = employer(center, "Ana Employer"), employer(center, "Beto Employer")
    day1, day2 = date(2025, 3, 3), date(2025, 3, 4)
    # February: C worked for E1, so E1 is a repeat employer in March.
    assign(job(center, e1, date(2025, 2, 10), wage="20.00"), c, hours="4.0", paid="80.00")
    for n, w in enumerate((a, b, c), start=1):
        signin(center, w, day1, n)
    for n, w in enumerate((a, b, d), start=1):
        signin(center, w, day2, n)
    for n in range(10):  # signs in ten days, never gets a job
        signin(center, idle, date(2025, 3, 10) + timedelta(days=n), 1)
    j1 = job(center, e1, day1, wage="25.00", needed=2)
    assign(j1, a, 1, hours="5.0", paid="125.00")
    assign(j1, b, 2, hours="4.0", paid="100.00")
    j2 = job(center, e2, day2, wage="22.00")
    assign(j2, a, 1, hours="6.0", paid=None)
    j3 = job(center, e1, day2, wage="20.00")
    assign(j3, d, 1, state="cancelled")
    c1 = claim(center, a, e2, datetime(2025, 3, 5, 17, tzinfo=UTC), "132.00")
    payment(c1, "50.00", datetime(2025, 3, 6, 17, tzinfo=UTC))
    c2 = claim(
        center,
        b,
        e1,
        datetime(2025, 3, 6, 17, tzinfo=UTC),
        "40.00",
        "resolved",
        resolved_at=datetime(2025, 3, 10, 17, tzinfo=UTC),
    )
    payment(c2, "40.00", datetime(2025, 3, 10, 17, tzinfo=UTC))
    # 06:00 UTC on March 1st is still February 28th in Pomona.
    claim(center, c, e1, datetime(2025, 3, 1, 6, tzinfo=UTC), "10.00")
    claim(center, c, e1, datetime(2025, 3, 7, 17, tzinfo=UTC), "99.00", "draft")
    at = datetime(2025, 3, 3, 15, tzinfo=UTC)
    message(center, a, at, segments=1)
    message(center, b, at, segments=2)
    message(center, c, at, status="sent", segments=1)
    message(center, d, at, status="failed")
    message(center, a, at, status="received", direction="in")
    # Another center's activity never leaks into Pomona's numbers.
    x = factories.WorkerFactory(center=other_center, full_name="Other Center Person")
    signin(other_center, x, day1)
    assign(job(other_center, employer(other_center), day1), x, hours="8.0", paid="200.00")
    # Activities: an ESL class (2 h × 3) and an OSHA-10 (10 h × 2, both certified).
    activity(center, "esl", date(2025, 3, 12), "2", [a, b, c])
    activity(center, "safety", date(2025, 3, 20), "10", [a, d], training="osha10")
    activity(other_center, "esl", date(2025, 3, 12), "2", [x])
    return {"workers": [a, b, c, d, idle, x]}


def activity(center, kind, day, hours, workers, training=None):
    """An activity held on ``day`` with ``workers`` attending all of it; completed, so a
    training's certificates are issued."""
    held = activities.activity_create(
        center=center, kind=kind, training=training, date=day, start_time=time(18, 0),
        hours=Decimal(hours),
    )  # fmt: skip
    for worker in workers:
        activities.attendance_record(activity=held, worker=worker)
    activities.activity_complete(activity=held)
    return held
