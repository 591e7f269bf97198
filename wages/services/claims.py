"""Wage claims: open (from an assignment or from scratch), move through the legal statuses,
record payments and the timeline of what the center did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from centers.history import save_with_history
from centers.models import Center
from centers.money import money_text
from centers.queue import stats_touch
from centers.selectors import wage_floor_on
from dispatch.errors import ClaimError
from dispatch.models import Assignment
from employers.models import Employer, Job
from sms.services import message_queue
from wages.models import ClaimEvent, WageClaim
from workers.models import Worker

Status = WageClaim.Status
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")

#: The only moves a claim can make. Anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.OPEN, Status.CLOSED}),
    Status.OPEN: frozenset(
        {
            Status.EMPLOYER_CONTACTED,
            Status.DEMAND_LETTER_SENT,
            Status.RESOLVED,
            Status.REFERRED,
            Status.CLOSED,
        }
    ),
    Status.EMPLOYER_CONTACTED: frozenset(
        {Status.DEMAND_LETTER_SENT, Status.RESOLVED, Status.REFERRED, Status.CLOSED}
    ),
    Status.DEMAND_LETTER_SENT: frozenset({Status.RESOLVED, Status.REFERRED, Status.CLOSED}),
    Status.REFERRED: frozenset({Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

#: What the worker reads by SMS about their claim (short, in their language).
STATUS_FOR_WORKER: dict[str, Promise] = {
    Status.DRAFT: _("received, the center will call you"),
    Status.OPEN: _("open"),
    Status.EMPLOYER_CONTACTED: _("we contacted the employer"),
    Status.DEMAND_LETTER_SENT: _("demand letter sent"),
    Status.RESOLVED: _("resolved"),
    Status.REFERRED: _("referred for legal help"),
    Status.CLOSED: _("closed"),
}

#: Timeline entries the desk adds by hand; payments and status changes have their services.
MANUAL_EVENT_KINDS = frozenset(
    {
        ClaimEvent.Kind.NOTE,
        ClaimEvent.Kind.CALL,
        ClaimEvent.Kind.VISIT,
        ClaimEvent.Kind.LETTER,
        ClaimEvent.Kind.REFERRAL,
    }
)


def money(value: Any, *, field: str) -> Decimal:
    """A non-negative amount in dollars and cents, or a ClaimError naming the field."""
    try:
        amount = Decimal(str(value).strip().lstrip("$").replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ClaimError(_("Enter an amount in dollars, like 120.50."), field=field) from None
    if not amount.is_finite():
        raise ClaimError(_("Enter an amount in dollars, like 120.50."), field=field)
    if amount < 0:
        raise ClaimError(_("An amount can never be negative."), field=field)
    if amount > MAX_AMOUNT:
        raise ClaimError(_("That amount is too large."), field=field)
    return amount.quantize(CENT)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _tell_worker(claim: WageClaim) -> None:
    """SMS the worker the claim's new status, in their language."""
    worker = claim.worker
    with translation.override(worker.preferred_language or "es"):
        status = str(STATUS_FOR_WORKER[claim.status])
    message_queue(
        center=claim.center,
        worker=worker,
        kind="claim_update",
        context={"claim": claim.pk, "status": status},
    )


def _event(claim: WageClaim, kind: str, *, by: Any, **fields: Any) -> ClaimEvent:
    """Every change of a claim lands here: record it, and refresh the report numbers of
    today and of the day the claim was opened."""
    event = ClaimEvent.objects.create(claim=claim, kind=kind, by=_user(by), **fields)
    center = claim.center
    stats_touch(center_id=center.pk, day=center.today())
    if claim.opened_at:
        stats_touch(center_id=center.pk, day=claim.opened_at.astimezone(center.tz).date())
    return event


def _locked(claim: WageClaim | int) -> WageClaim:
    pk = claim.pk if isinstance(claim, WageClaim) else claim
    return (
        WageClaim.objects.select_for_update(of=("self",))
        .select_related("center", "worker", "employer")
        .get(pk=pk)
    )


@transaction.atomic
def claim_open(
    *,
    center: Center,
    worker: Worker,
    employer: Employer,
    amount_owed: Any,
    work_start: date,
    work_end: date | None = None,
    job: Job | None = None,
    assignment: Assignment | None = None,
    description: str = "",
    draft: bool = False,
    amount_paid_at_job: Any = 0,
    by: Any = None,
) -> WageClaim:
    """Open a wage claim (or a draft for the desk to complete). ``amount_paid_at_job`` is
    what the employer had paid before the claim (the letter shows earned = paid + owed)."""
    if worker.center_id != center.pk:
        raise ClaimError(_("This worker is not a member of this center."), field="worker")
    if employer.center_id != center.pk:
        raise ClaimError(_("This employer is not registered at this center."), field="employer")
    if job is not None and (job.center_id != center.pk or job.employer_id != employer.pk):
        raise ClaimError(_("This job is not one of this employer's jobs."), field="job")
    owed = money(amount_owed, field="amount_owed")
    if not draft and owed <= 0:
        raise ClaimError(_("Enter the amount the worker is owed."), field="amount_owed")
    work_end = work_end or work_start
    if work_end < work_start:
        raise ClaimError(_("The last day of work is before the first."), field="work_end")
    status = Status.DRAFT if draft else Status.OPEN
    claim = WageClaim(
        center=center,
        worker=worker,
        employer=employer,
        job=job,
        assignment=assignment,
        work_start=work_start,
        work_end=work_end,
        amount_owed=owed,
        amount_paid_at_job=money(amount_paid_at_job, field="amount_paid_at_job"),
        status=status,
        description=description.strip(),
        opened_by=_user(by),
    )
    save_with_history(claim, by=by)
    _event(claim, ClaimEvent.Kind.STATUS, by=by, to_status=status, note=description.strip())
    if assignment is not None and assignment.paid_status == Assignment.PaidStatus.UNKNOWN:
        assignment.paid_status = Assignment.PaidStatus.UNPAID
        save_with_history(assignment, by=by, fields=["paid_status"])
    _tell_worker(claim)
    return claim


@dataclass(frozen=True)
class PayDue:
    """What one dispatched job earned, what the employer paid and what is still owed."""

    hours: Decimal
    wage: Decimal
    earned: Decimal
    paid: Decimal

    @property
    def owed(self) -> Decimal:
        return max(self.earned - self.paid, Decimal("0")).quantize(CENT)


def assignment_pay_due(assignment: Assignment) -> PayDue:
    """The one rule for the money of a claim opened from a job.

    Earned is the hours worked (the job's estimate if none were logged) × the agreed wage,
    never less than the floor the job was held to on its date (the center's or its kind of
    work's, ``Job.wage_floor``) nor the center's floor in force that day. Paid is the amount logged when the job was
    recorded as *paid* or *paid in part*; nothing when it was *not paid* or is unknown. A
    job logged *paid in part* with the full pay is a pay that was never corrected: then
    nothing counts as paid, and the desk corrects the claim. Owed is earned − paid."""
    job = assignment.job
    hours = assignment.hours_worked or job.estimated_hours
    floor = wage_floor_on(center=assignment.center, day=job.date)
    wage = max(job.hourly_wage, job.wage_floor, floor)
    earned = (wage * hours).quantize(CENT)
    paid = Decimal("0")
    recorded = assignment.amount_paid
    PaidStatus = Assignment.PaidStatus
    if recorded is not None and assignment.paid_status == PaidStatus.PAID:
        paid = recorded
    elif recorded is not None and assignment.paid_status == PaidStatus.PARTIAL:
        paid = recorded if recorded < earned else Decimal("0")
    return PayDue(hours=hours, wage=wage, earned=earned, paid=paid.quantize(CENT))


@transaction.atomic
def claim_open_from_assignment(
    *,
    assignment: Assignment,
    by: Any = None,
    amount_owed: Any = None,
    description: str = "",
    draft: bool = False,
    also: list[Assignment] | None = None,
) -> WageClaim:
    """Open a claim for one dispatched job: worker, employer, job, dates and the amount
    owed (``assignment_pay_due``) filled in; ``amount_owed`` is the desk's correction.
    ``also``: the worker's other days of the same job the claim covers (a job of several
    days answered "not paid" once): the amounts are computed per day and added up."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("job", "job__employer", "worker", "center")
        .get(pk=assignment.pk)
    )
    days = [assignment] + [
        row
        for row in Assignment.objects.select_related("job", "center").filter(
            pk__in=[other.pk for other in also or []],
            job_id=assignment.job_id,
            worker_id=assignment.worker_id,
        )
        if row.pk != assignment.pk
    ]
    dues = [assignment_pay_due(day) for day in days]
    owed = sum((due.owed for due in dues), Decimal("0"))
    paid = sum((due.paid for due in dues), Decimal("0"))
    if assignment.state not in (Assignment.State.ACTIVE, Assignment.State.COMPLETED):
        raise ClaimError(_("A claim needs a job the worker went to."), code="not_worked")
    existing = assignment.claims.exclude(status=Status.CLOSED).first()
    if existing is not None:
        raise ClaimError(
            _("Claim #%(number)s is already open for this job.") % {"number": existing.pk},
            code="duplicate",
        )
    return claim_open(
        center=assignment.center,
        worker=assignment.worker,
        employer=assignment.job.employer,
        job=assignment.job,
        assignment=assignment,
        amount_owed=owed if amount_owed is None else amount_owed,
        amount_paid_at_job=paid,
        work_start=min(day.date for day in days),
        work_end=max(day.date for day in days),
        description=description,
        draft=draft,
        by=by,
    )


@transaction.atomic
def claim_update(
    *,
    claim: WageClaim,
    by: Any = None,
    note: str = "",
    amount_owed: Any = None,
    work_start: date | None = None,
    work_end: date | None = None,
    description: str | None = None,
) -> WageClaim:
    """Correct a claim's details (the desk completes a draft here)."""
    claim = _locked(claim)
    if claim.status == Status.CLOSED:
        raise ClaimError(_("A closed claim cannot be changed."), code="closed")
    if amount_owed is not None:
        owed = money(amount_owed, field="amount_owed")
        if owed < claim.amount_recovered and not note.strip():
            raise ClaimError(
                _("More than that has been recovered already; write a note to explain."),
                field="amount_owed",
            )
        claim.amount_owed = owed
    claim.work_start = work_start or claim.work_start
    claim.work_end = work_end or claim.work_end
    if claim.work_end < claim.work_start:
        raise ClaimError(_("The last day of work is before the first."), field="work_end")
    if description is not None:
        claim.description = description.strip()
    save_with_history(claim, by=by, reason=note)
    if note.strip():
        _event(claim, ClaimEvent.Kind.NOTE, by=by, note=note.strip())
    return claim


@transaction.atomic
def claim_transition(
    *, claim: WageClaim, to: str, note: str = "", referred_to: str = "", by: Any = None
) -> WageClaim:
    """Move a claim to another status, if that move is legal, and tell the worker."""
    claim = _locked(claim)
    if to not in Status.values:
        raise ClaimError(_("Unknown claim status."), field="to")
    if to not in TRANSITIONS[claim.status]:
        raise ClaimError(
            _("A claim that is “%(current)s” cannot become “%(to)s”.")
            % {"current": claim.get_status_display(), "to": Status(to).label},
            code="illegal_transition",
            field="to",
        )
    note = (note or "").strip()
    if to == Status.OPEN and claim.amount_owed <= 0:
        raise ClaimError(_("Enter the amount the worker is owed."), field="amount_owed")
    if to == Status.REFERRED:
        if referred_to not in WageClaim.Referral.values:
            raise ClaimError(
                _(
                    "Say where the claim is referred: labor commissioner, small claims or legal aid."
                ),
                field="referred_to",
            )
        claim.referred_to = referred_to
    if to == Status.CLOSED and claim.status != Status.RESOLVED and not note:
        raise ClaimError(_("Write why the claim is closed without a resolution."), field="note")
    if to == Status.RESOLVED:
        claim.resolved_at = timezone.now()
    before = claim.status
    claim.status = to
    save_with_history(claim, by=by, reason=note)
    _event(
        claim,
        ClaimEvent.Kind.REFERRAL if to == Status.REFERRED else ClaimEvent.Kind.STATUS,
        by=by,
        from_status=before,
        to_status=to,
        note=note,
    )
    _tell_worker(claim)
    return claim


@transaction.atomic
def claim_payment(*, claim: WageClaim, amount: Any, note: str = "", by: Any = None) -> ClaimEvent:
    """Record money the employer paid. Paying more than is owed needs a note."""
    claim = _locked(claim)
    if claim.status in (Status.DRAFT, Status.CLOSED):
        raise ClaimError(
            _("Payments are recorded on open claims; open the draft first or reopen the case."),
            code="not_open",
        )
    paid = money(amount, field="amount")
    if paid <= 0:
        raise ClaimError(_("A payment is more than $0."), field="amount")
    note = (note or "").strip()
    total = claim.amount_recovered + paid
    if total > claim.amount_owed and not note:
        raise ClaimError(
            _(
                "With this payment %(total)s would be recovered, more than the %(owed)s owed. "
                "Write a note explaining it (penalties, interest) to record it."
            )
            % {"total": money_text(total), "owed": money_text(claim.amount_owed)},
            field="amount",
            code="over_recovered",
        )
    if total > MAX_AMOUNT:
        raise ClaimError(_("That amount is too large."), field="amount")
    claim.amount_recovered = total
    save_with_history(claim, by=by, reason=gettext_noop("payment"))
    event = _event(claim, ClaimEvent.Kind.PAYMENT, by=by, amount=paid, note=note)
    if claim.assignment_id is not None:
        assignment = claim.assignment
        assert assignment is not None
        assignment.paid_status = (
            Assignment.PaidStatus.PAID
            if total >= claim.amount_owed
            else Assignment.PaidStatus.PARTIAL
        )
        save_with_history(assignment, by=by, fields=["paid_status"])
    return event


@transaction.atomic
def claim_event_add(*, claim: WageClaim, kind: str, note: str, by: Any = None) -> ClaimEvent:
    """Add a call, visit, letter, referral or note to the claim's timeline."""
    if kind not in MANUAL_EVENT_KINDS:
        raise ClaimError(_("Choose what happened: a call, visit, letter, referral or note."))
    note = (note or "").strip()
    if not note:
        raise ClaimError(_("Write what happened."), field="note")
    return _event(claim, kind, by=by, note=note)
