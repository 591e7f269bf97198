"""Demo jobs log and wage claims: the registry's past completed jobs get their workers with
hours, pay, paid status and ratings; a few no-shows with sanctions (one worker suspended);
and wage claims in every status with payments recovered. Idempotent: a center that already
has wage claims is left alone."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.history import save_with_history
from centers.models import Center, User
from dispatch.models import Assignment
from employers.models import Job
from wages.models import ClaimEvent, WageClaim
from workers.models import Sanction, Worker

State = Assignment.State
Paid = Assignment.PaidStatus
Status = WageClaim.Status
CENT = Decimal("0.01")
NO_SHOW_REASON = "Accepted by SMS and did not come"

WORKER_COMMENTS = ["Hard worker", "Very careful", "Came on time", "Knows the job", ""]
EMPLOYER_COMMENTS = ["Fair and friendly", "Gave water and lunch", "Paid on time", "Long day", ""]
#: One claim per status, in the order they are made; amounts recovered as a share of owed.
CLAIM_PLAN = [
    (Status.DRAFT, Decimal("0")),
    (Status.OPEN, Decimal("0")),
    (Status.EMPLOYER_CONTACTED, Decimal("0")),
    (Status.DEMAND_LETTER_SENT, Decimal("0.4")),
    (Status.RESOLVED, Decimal("1")),
    (Status.REFERRED, Decimal("0.25")),
    (Status.CLOSED, Decimal("0.5")),
    (Status.RESOLVED, Decimal("1")),
]
PATH = {
    Status.DRAFT: [],
    Status.OPEN: [],
    Status.EMPLOYER_CONTACTED: [Status.EMPLOYER_CONTACTED],
    Status.DEMAND_LETTER_SENT: [Status.EMPLOYER_CONTACTED, Status.DEMAND_LETTER_SENT],
    Status.RESOLVED: [Status.EMPLOYER_CONTACTED, Status.DEMAND_LETTER_SENT, Status.RESOLVED],
    Status.REFERRED: [Status.EMPLOYER_CONTACTED, Status.DEMAND_LETTER_SENT, Status.REFERRED],
    Status.CLOSED: [Status.EMPLOYER_CONTACTED, Status.REFERRED, Status.CLOSED],
}


def _assignments(center: Center, rng: random.Random) -> list[Assignment]:
    """Workers for the past completed jobs that have none yet, with hours, pay and ratings."""
    workers = list(Worker.objects.filter(center=center, status=Worker.Status.ACTIVE))
    jobs = Job.objects.filter(
        center=center, status=Job.Status.COMPLETED, date__lt=center.today(), assignments=None
    ).order_by("date", "pk")
    busy: dict = {}
    rows = []
    no_shows = 4
    for job in jobs:
        taken = busy.setdefault(job.date, set())
        free = [w for w in workers if w.pk not in taken]
        for slot, worker in enumerate(rng.sample(free, min(job.workers_needed, len(free))), 1):
            taken.add(worker.pk)
            hours = job.estimated_hours + Decimal(rng.choice([-1, 0, 0, 0, 1]))
            hours = max(hours, Decimal("2"))
            expected = (job.hourly_wage * hours).quantize(CENT)
            tip = rng.random() < 0.1
            roll = rng.random()
            rated = rng.random() < 0.6
            if slot == 2 and no_shows:
                no_shows -= 1
                rows.append(
                    Assignment(
                        center=center, job=job, worker=worker, date=job.date, slot=slot,
                        exclusive=center.one_job_per_day, how=Assignment.How.SMS_OFFER,
                        state=State.NO_SHOW, ended_reason=NO_SHOW_REASON,
                    )
                )  # fmt: skip
                continue
            rows.append(
                Assignment(
                    center=center,
                    job=job,
                    worker=worker,
                    date=job.date,
                    slot=slot,
                    exclusive=center.one_job_per_day,
                    how=rng.choice([Assignment.How.LOTTERY] * 4 + [Assignment.How.SMS_OFFER]),
                    state=State.COMPLETED,
                    hours_worked=hours,
                    amount_paid=expected + (Decimal("20") if tip else 0),
                    pay_note="Tip from the employer" if tip else "",
                    paid_status=Paid.UNPAID
                    if roll < 0.05
                    else Paid.PARTIAL
                    if roll < 0.08
                    else Paid.PAID,
                    worker_rating=rng.choice([4, 5, 5, 3]) if rated else None,
                    worker_rating_comment=rng.choice(WORKER_COMMENTS) if rated else "",
                    employer_rating=rng.choice([5, 4, 4, 2, 5]) if rated else None,
                    employer_rating_comment=rng.choice(EMPLOYER_COMMENTS) if rated else "",
                    payment_check_sent_at=timezone.now() - timedelta(days=1),
                )
            )
    return bulk_create_with_history(rows, Assignment)


def _sanctions(center: Center, rows: list[Assignment], desk: User | None) -> None:
    """A strike for each no-show, and one worker suspended by three recent strikes."""
    today = center.today()
    for row in rows:
        if row.state == State.NO_SHOW:
            Sanction.objects.create(
                center=center, worker=row.worker, kind=Sanction.Kind.NO_SHOW, day=row.date,
                reason=NO_SHOW_REASON, decided_by=desk, related_assignment_id=row.pk,
            )  # fmt: skip
    suspended = Worker.objects.filter(center=center, status=Worker.Status.ACTIVE).last()
    if suspended is None:
        return
    for days in (12, 6, 1):
        Sanction.objects.create(
            center=center, worker=suspended, kind=Sanction.Kind.NO_SHOW,
            day=today - timedelta(days=days), reason="Did not show up after accepting",
            decided_by=desk,
            suspended_until=today + timedelta(days=6) if days == 1 else None,
        )  # fmt: skip
    suspended.status = Worker.Status.SANCTIONED
    suspended.suspended_until = today + timedelta(days=6)
    suspended.suspension_reason = f"3 strikes in {center.strike_window_days} days"
    suspended.save(update_fields=["status", "suspended_until", "suspension_reason"])


def _claims(center: Center, desk: User | None) -> None:
    unpaid = list(
        Assignment.objects.filter(
            center=center, state=State.COMPLETED, paid_status__in=(Paid.UNPAID, Paid.PARTIAL)
        ).select_related("job", "worker")
    )
    for (status, share), row in zip(CLAIM_PLAN, unpaid, strict=False):
        owed = row.amount_paid or Decimal("100")
        recovered = (owed * share).quantize(CENT)
        at = center.local_datetime(row.date + timedelta(days=2), row.job.start_time)
        claim = WageClaim.objects.create(
            center=center, worker=row.worker, employer=row.job.employer, job=row.job,
            assignment=row, work_start=row.date, work_end=row.date, amount_owed=owed,
            amount_recovered=recovered, status=status,
            referred_to=WageClaim.Referral.LABOR_COMMISSIONER
            if Status.REFERRED in PATH[status] else "",
            description="The employer said he would pay next week and stopped answering.",
            opened_by=None if status == Status.DRAFT else desk,
            resolved_at=at + timedelta(days=9) if status == Status.RESOLVED else None,
        )  # fmt: skip
        events = [ClaimEvent(claim=claim, kind=ClaimEvent.Kind.STATUS, to_status=Status.DRAFT)]
        if status != Status.DRAFT:
            events.append(
                ClaimEvent(claim=claim, kind=ClaimEvent.Kind.STATUS, from_status=Status.DRAFT,
                           to_status=Status.OPEN, by=desk, note="Confirmed with the worker.")
            )  # fmt: skip
            events.append(
                ClaimEvent(claim=claim, kind=ClaimEvent.Kind.CALL, by=desk,
                           note="Called the employer; left a message.")
            )  # fmt: skip
        before = Status.OPEN
        for step in PATH[status]:
            kind = ClaimEvent.Kind.REFERRAL if step == Status.REFERRED else ClaimEvent.Kind.STATUS
            events.append(
                ClaimEvent(claim=claim, kind=kind, from_status=before, to_status=step, by=desk,
                           note="Closed: the worker moved away." if step == Status.CLOSED else "")
            )  # fmt: skip
            before = step
        if recovered:
            events.append(
                ClaimEvent(claim=claim, kind=ClaimEvent.Kind.PAYMENT, amount=recovered, by=desk,
                           note="Cash brought to the center.")
            )  # fmt: skip
        ClaimEvent.objects.bulk_create(events)
        ClaimEvent.objects.filter(claim=claim).update(at=at)
        if recovered >= owed:
            row.paid_status = Paid.PAID
            save_with_history(row, by=desk, fields=["paid_status"])


def seed(centers: list[Center], rng: random.Random) -> None:
    for center in centers:
        if WageClaim.objects.filter(center=center).exists():
            continue
        desk = User.objects.filter(
            memberships__center=center, memberships__role="coordinator"
        ).first()
        rows = _assignments(center, rng)
        if not rows:
            continue
        _sanctions(center, rows, desk)
        _claims(center, desk)


def seed_feedback(centers: list[Center], rng: random.Random) -> None:
    """Feedback in the demo: the portal employer's ratings of last week's workers and one
    decline waiting for review at Pomona; a Pomona employer who shares a phone with a Graton
    employer with an open claim (the network warning); Pomona takes the line by text."""
    from employers.models import Employer, WorkerDecline
    from wages.models import WorkerRating
    from wages.services.feedback import rating_save

    by_slug = {center.slug: center for center in centers}
    pomona, graton = by_slug.get("pomona"), by_slug.get("graton")
    if pomona is None or WorkerRating.objects.filter(center=pomona).exists():
        return
    Center.objects.filter(pk=pomona.pk).update(allow_remote_join=True)
    # The demo's portal login (not an account waiting for approval, which has no jobs yet).
    employer = Employer.objects.filter(
        center=pomona, portal_user__username="pomona-employer"
    ).first()
    if employer is not None:
        today = pomona.today()
        # Its latest finished jobs, each rated on its own day.
        recent = Assignment.objects.filter(
            job__employer=employer, state=Assignment.State.COMPLETED, date__lte=today
        ).order_by("-date", "pk")
        for assignment in recent[:4]:
            rating_save(
                assignment=assignment,
                employer=employer,
                on_time=rng.random() < 0.8,
                quality=rng.choice([3, 4, 4, 5, 5]),
                would_hire_again=rng.random() < 0.85,
                today=assignment.date,
            )
        sent = Assignment.objects.filter(job__employer=employer).order_by("-date").first()
        if sent is not None:
            WorkerDecline.objects.get_or_create(
                center=pomona,
                employer=employer,
                worker_id=sent.worker_id,
                defaults={"reason": "quality", "note": "Left the paint job half done."},
            )
    if graton is None:
        return
    claimed = (
        Employer.objects.filter(center=graton, claims__status__in=WageClaim.OPEN_STATUSES)
        .exclude(phone="")
        .first()
    )
    twin = Employer.objects.filter(center=pomona, blocked=False, portal_user__isnull=True).last()
    if claimed is not None and twin is not None:
        Employer.objects.filter(pk=twin.pk).update(phone=claimed.phone)
    if not graton.phone:
        Center.objects.filter(pk=graton.pk).update(phone="+17075550100")
