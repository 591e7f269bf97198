"""The jobs log: completing dispatched jobs with hours and pay, ratings, cancellations,
no-shows (which record a sanction), and the next-day "were you paid?" check by SMS."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from centers.history import save_with_history, update_with_history
from centers.models import Center
from centers.money import money_text
from centers.queue import stats_touch
from dispatch.errors import ClaimError, DispatchError
from dispatch.models import LIVE_ASSIGNMENT, Assignment
from dispatch.services.notify import job_what
from employers import rules
from employers.models import Job
from sms.services import message_queue
from wages.services.claims import CENT, claim_open_from_assignment, money
from workers.models import Sanction, Worker
from workers.sanctions import sanction_record

State = Assignment.State
PaidStatus = Assignment.PaidStatus

#: Local hours (from, to) in which the payment check may be texted.
PAYMENT_CHECK_HOURS = (9, 20)
#: Jobs older than this many days get no payment check (the desk follows them up).
PAYMENT_CHECK_DAYS = 3
#: A reply counts for a payment check sent at most this long ago.
PAYMENT_REPLY_WINDOW = timedelta(days=7)


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("job", "center", "worker")
        .get(pk=assignment.pk)
    )


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DispatchError(_("Enter the hours worked, like 6.5."), field="hours_worked") from None
    if not hours.is_finite() or hours <= 0 or hours > 24:
        raise DispatchError(_("Hours worked are more than 0 and at most 24."), field="hours_worked")
    return hours.quantize(Decimal("0.1"))


def _rating(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DispatchError(_("A rating is a whole number from 1 to 5."), field=field)
    return rating


def _reason(reason: str, message: Any) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DispatchError(message, field="reason")
    return reason


def _money(value: Any, field: str) -> Decimal:
    try:
        return money(value, field=field)
    except ClaimError as error:
        raise DispatchError(error.message, field=field) from None


def job_close_if_done(*, job: Job, by: Any = None) -> Job:
    """A filled job whose workers are all accounted for (and one worked) is completed."""
    states = set(job.assignments.values_list("state", flat=True))
    done = State.COMPLETED in states and State.ACTIVE not in states
    if done and job.status in (Job.Status.OPEN, Job.Status.FILLED):
        job.status = Job.Status.COMPLETED
        save_with_history(job, by=by, fields=["status"])
    return job


@transaction.atomic
def assignment_complete(
    *,
    assignment: Assignment,
    hours_worked: Any,
    amount_paid: Any = None,
    pay_note: str = "",
    paid_status: str = PaidStatus.UNKNOWN,
    by: Any = None,
) -> Assignment:
    """Log a dispatched job as done: hours, the pay (wage × hours unless a reason says
    otherwise) and whether it was paid. Completed rows can be corrected the same way."""
    assignment = _locked(assignment)
    job = assignment.job
    if assignment.state not in (State.ACTIVE, State.COMPLETED):
        raise DispatchError(_("Only a job the worker went to can be completed."), code="state")
    if assignment.date > assignment.center.today():
        raise DispatchError(_("This job has not happened yet."), code="future")
    hours = _hours(hours_worked)
    expected = (job.hourly_wage * hours).quantize(CENT)
    amount = expected if amount_paid in (None, "") else _money(amount_paid, "amount_paid")
    pay_note = (pay_note or "").strip()
    if amount != expected and not pay_note:
        raise DispatchError(
            _("The pay differs from wage × hours (%(expected)s): write why.")
            % {"expected": money_text(expected)},
            field="pay_note",
        )
    if paid_status not in PaidStatus.values:
        raise DispatchError(_("Choose whether the worker was paid."), field="paid_status")
    assignment.state = State.COMPLETED
    assignment.hours_worked = hours
    assignment.amount_paid = amount
    assignment.pay_note = pay_note if amount != expected else ""
    assignment.paid_status = paid_status
    save_with_history(assignment, by=by)
    job_close_if_done(job=job, by=by)
    stats_touch(center_id=assignment.center_id, day=assignment.date)
    return assignment


@transaction.atomic
def assignment_paid_record(
    *, assignment: Assignment, paid_status: str, by: Any = None
) -> Assignment:
    """Record whether a completed job was paid (the desk, or the worker's answer by SMS)."""
    assignment = _locked(assignment)
    if assignment.state != State.COMPLETED:
        raise DispatchError(_("Complete the job before recording the pay."), code="state")
    if paid_status not in PaidStatus.values:
        raise DispatchError(_("Choose whether the worker was paid."), field="paid_status")
    assignment.paid_status = paid_status
    save_with_history(assignment, by=by, fields=["paid_status"])
    stats_touch(center_id=assignment.center_id, day=assignment.date)
    return assignment


@transaction.atomic
def assignment_rate(
    *,
    assignment: Assignment,
    by: Any = None,
    worker_rating: Any = None,
    worker_rating_comment: str = "",
    employer_rating: Any = None,
    employer_rating_comment: str = "",
) -> Assignment:
    """Ratings both ways: the employer's of the worker and the worker's of the employer."""
    assignment = _locked(assignment)
    if assignment.state != State.COMPLETED:
        raise DispatchError(_("Only a completed job can be rated."), code="state")
    assignment.worker_rating = _rating(worker_rating, "worker_rating")
    assignment.worker_rating_comment = (worker_rating_comment or "").strip()[:300]
    assignment.employer_rating = _rating(employer_rating, "employer_rating")
    assignment.employer_rating_comment = (employer_rating_comment or "").strip()[:300]
    save_with_history(assignment, by=by)
    return assignment


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, reason: str, by: Any = None) -> Assignment:
    """The worker will not go (the employer called it off, rain, …): the slot is free again."""
    assignment = _locked(assignment)
    reason = _reason(reason, _("Write why the job is cancelled for this worker."))
    if assignment.state != State.ACTIVE:
        raise DispatchError(_("Only a dispatched worker can be cancelled."), code="state")
    assignment.state = State.CANCELLED
    assignment.ended_reason = reason
    save_with_history(assignment, by=by, reason=reason)
    job = assignment.job
    if job.status == Job.Status.FILLED and job.date >= assignment.center.today():
        job.status = Job.Status.OPEN
        save_with_history(job, by=by, reason=reason, fields=["status"])
    else:
        job_close_if_done(job=job, by=by)
    stats_touch(center_id=assignment.center_id, day=assignment.date)
    return assignment


@transaction.atomic
def assignment_no_show(*, assignment: Assignment, reason: str = "", by: Any = None) -> Sanction:
    """The worker accepted and did not come: mark it and record a strike."""
    assignment = _locked(assignment)
    if assignment.state != State.ACTIVE:
        raise DispatchError(_("Only a dispatched worker can be marked as a no-show."), code="state")
    reason = (reason or "").strip() or gettext("Did not show up for job #%(job)s") % {
        "job": assignment.job_id
    }
    assignment.state = State.NO_SHOW
    assignment.ended_reason = reason
    save_with_history(assignment, by=by, reason=reason)
    job_close_if_done(job=assignment.job, by=by)
    stats_touch(center_id=assignment.center_id, day=assignment.date)
    return sanction_record(
        worker=assignment.worker,
        kind=Sanction.Kind.NO_SHOW,
        reason=reason,
        day=assignment.date,
        assignment_id=assignment.pk,
        by=by,
    )


def payment_checks_send(*, now: datetime | None = None) -> int:
    """Text "were you paid in full?" the day after each completed job whose pay is unknown,
    in the center's daytime. Each check is sent once (the row is marked in the same
    transaction, with its audit history)."""
    now = now or timezone.now()
    sent = 0
    for center in Center.objects.all():
        local = now.astimezone(center.tz)
        if not PAYMENT_CHECK_HOURS[0] <= local.hour < PAYMENT_CHECK_HOURS[1]:
            continue
        sent += _payment_checks_for(center=center, today=local.date(), now=now)
    return sent


@transaction.atomic
def _payment_checks_for(*, center: Center, today: date, now: datetime) -> int:
    """One check per worker per job: a job of several days is asked about once, the day
    after the worker's last day of it, for all its days (docs/multiday.md)."""
    same_job = Assignment.objects.filter(
        LIVE_ASSIGNMENT, job=OuterRef("job"), worker=OuterRef("worker")
    )
    later = same_job.filter(date__gte=today)
    recent = same_job.filter(date__gte=today - timedelta(days=PAYMENT_CHECK_DAYS))
    due = Assignment.objects.filter(
        center=center,
        state=State.COMPLETED,
        paid_status=PaidStatus.UNKNOWN,
        payment_check_sent_at__isnull=True,
        date__lt=today,
        date__gte=today - timedelta(days=PAYMENT_CHECK_DAYS + rules.DAYS_MAX),
        # Only workers who can be texted (a subquery: their rows are not locked).
        worker__in=Worker.objects.filter(
            center=center, sms_consent_at__isnull=False, sms_opted_out_at__isnull=True
        ).exclude(phone=""),
    ).filter(Exists(recent), ~Exists(later))
    rows = update_with_history(
        due, reason=gettext_noop("payment check sent"), payment_check_sent_at=now
    )
    spans: dict[tuple[int, int], list[Assignment]] = {}
    for row in (
        Assignment.objects.filter(pk__in=[r.pk for r in rows])
        .select_related("worker", "job")
        .order_by("date")
    ):
        spans.setdefault((row.worker_id, row.job_id), []).append(row)
    for days in spans.values():
        first, last = days[0], days[-1]
        context: dict[str, Any] = {"what": job_what(first.job), "day": first.date}
        if len(days) > 1:
            context |= {"last": last.date, "count": len(days)}
        message_queue(
            center=center,
            worker=first.worker,
            kind="payment_check_days" if len(days) > 1 else "payment_check",
            context=context,
        )
    return len(spans)


@transaction.atomic
def payment_reply(*, worker: Any, intent: str) -> bool:
    """The worker's answer to the payment check: 1 = paid in full, 2 = not (a draft claim
    for the desk, with job, employer and amount filled in). False when no check waits."""
    if intent not in ("accept", "decline"):
        return False
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            worker=worker,
            state=State.COMPLETED,
            paid_status=PaidStatus.UNKNOWN,
            payment_check_sent_at__gte=timezone.now() - PAYMENT_REPLY_WINDOW,
        )
        .order_by("-payment_check_sent_at", "-pk")
        .first()
    )
    if assignment is None:
        return False
    # The check of a job of several days asked about all of them: the answer is for each.
    days = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            worker=worker,
            job_id=assignment.job_id,
            state=State.COMPLETED,
            paid_status=PaidStatus.UNKNOWN,
            payment_check_sent_at=assignment.payment_check_sent_at,
        )
        .order_by("date")
    )
    paid = intent == "accept"
    reason = (
        gettext_noop("worker answered: paid in full")
        if paid
        else gettext_noop("worker answered: not paid in full")
    )
    for day in days:
        day.paid_status = PaidStatus.PAID if paid else PaidStatus.UNPAID
        save_with_history(day, reason=reason)
    if paid:
        return True
    claim_open_from_assignment(
        assignment=days[0],
        also=days[1:],
        draft=True,
        description=gettext("The worker answered “not paid in full” to the payment check."),
    )
    return True
