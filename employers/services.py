"""Writes for employers and job postings (desk, phone, employer portal, API)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.history import save_with_history
from centers.models import Center, User
from centers.money import money_text
from centers.text import fold
from employers import hooks, rules
from employers.errors import DispatchConflict, DispatchError
from employers.models import Employer, Job, WorkerDecline
from employers.selectors import employer_has_open_claims, employer_network_messages
from workers.models import Worker
from workers.selectors import badge_read
from workers.services import phone_digits, phone_normalize, skills_resolve

EMPLOYER_FIELDS = (
    "name",
    "business_name",
    "kind",
    "email",
    "address",
    "city",
    "state",
    "postal_code",
    "notes",
    "blocked",
    "blocked_reason",
    "preferred_language",
)
JOB_FIELDS = (
    "description",
    "workers_needed",
    "date",
    "start_time",
    "estimated_hours",
    "hourly_wage",
    "address",
    "transport_provided",
)


def employer_search_text(employer: Employer) -> str:
    return fold(
        f"{employer.name} {employer.business_name} {phone_digits(employer.phone)} {employer.email}"
    )


def _employer_apply(employer: Employer, phone: str | None, fields: dict[str, Any]) -> Employer:
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(employer, name, value.strip() if isinstance(value, str) else value)
    if phone is not None:
        employer.phone = phone_normalize(phone)
    if not employer.name:
        raise DispatchError(_("Enter the employer's name."), code="required", field="name")
    if employer.kind not in Employer.Kind.values:
        raise DispatchError(_("Unknown kind of employer."), field="kind")
    if employer._state.adding and not employer.preferred_language:
        employer.preferred_language = employer.center.default_language
    # An older row may keep it empty: whatever the center's language is (``Employer.language``).
    if employer.preferred_language and employer.preferred_language not in Center.Language.values:
        raise DispatchError(_("Unknown language."), field="preferred_language")
    if not employer.blocked:
        employer.blocked_reason = ""
    elif not employer.blocked_reason:
        raise DispatchError(
            _("Say why the employer is blocked."), code="required", field="blocked_reason"
        )
    employer.search_text = employer_search_text(employer)
    employer.save()
    return employer


@transaction.atomic
def employer_create(*, center: Center, by: User | None, phone: str = "", **fields: Any) -> Employer:
    return _employer_apply(Employer(center=center), phone, fields)


@transaction.atomic
def employer_update(
    *, employer: Employer, by: User | None, phone: str | None = None, **fields: Any
) -> Employer:
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    return _employer_apply(employer, phone, fields)


@transaction.atomic
def employer_delete(*, employer: Employer) -> None:
    """Delete an employer entered by mistake; one with jobs or claims is refused."""
    try:
        employer.delete()
    except ProtectedError as exc:
        raise DispatchConflict(
            _("%(employer)s has jobs on record and cannot be deleted; block them instead.")
            % {"employer": employer}
        ) from exc


def _money(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DispatchError(_("Enter an amount in dollars."), field=field) from exc


def _check_job(
    job: Job, center: Center, *, confirm_high_wage: bool = False, changed: set[str] | None = None
) -> None:
    """The rules of a posting: the wage floor, workers needed, and the bounds of
    ``dispatch.rules`` (hours, a wage to confirm, a start not past, the description's
    length). ``changed``: on an edit, the fields whose bounds are checked again."""
    job.description = (job.description or "").strip()
    job.hourly_wage = _money(job.hourly_wage, "hourly_wage")
    job.estimated_hours = _money(job.estimated_hours, "estimated_hours")
    job.wage_floor = center.wage_floor
    if job.hourly_wage < center.wage_floor:
        raise DispatchError(
            _("The hourly wage must be at least the center's floor of %(floor)s.")
            % {"floor": money_text(center.wage_floor)},
            code="below_wage_floor",
            field="hourly_wage",
        )
    if not job.description:
        raise DispatchError(_("Describe the work."), code="required", field="description")
    if not job.address:
        raise DispatchError(_("Enter where the work is."), code="required", field="address")
    if not isinstance(job.date, date):
        raise DispatchError(_("Enter the date of the job."), field="date")
    if not isinstance(job.start_time, time):
        raise DispatchError(_("Enter the start time."), field="start_time")
    if not job.workers_needed or job.workers_needed < 1:
        raise DispatchError(_("A job needs at least one worker."), field="workers_needed")
    problems = rules.job_problems(
        description=job.description,
        estimated_hours=job.estimated_hours,
        hourly_wage=job.hourly_wage,
        day=job.date,
        start=job.start_time,
        floor=center.wage_floor,
        now=timezone.localtime(timezone.now(), center.tz),
        confirm_high_wage=confirm_high_wage,
        check=None if changed is None else frozenset(changed),
    )
    if problems:
        field, code, message = problems[0]
        raise DispatchError(message, code=code, field=field)


def _requested_workers(center: Center, badges: Iterable[int | str]) -> list[Worker]:
    wanted = [
        badge_read(center=center, text=badge, field="requested_badges")
        for badge in badges
        if str(badge).strip()
    ]
    if not wanted:
        return []
    if not center.allow_employer_requests:
        raise DispatchError(
            _("This center does not take requests for particular workers."),
            field="requested_badges",
        )
    workers = list(Worker.objects.filter(center=center, badge__in=wanted, erased_at__isnull=True))
    missing = sorted(set(wanted) - {w.badge for w in workers})
    if missing:
        raise DispatchError(
            _("No worker with badge %(badges)s at this center.")
            % {"badges": ", ".join(f"#{b}" for b in missing)},
            code="unknown_badge",
            field="requested_badges",
        )
    return workers


def _check_employer(employer: Employer, center: Center) -> list[str]:
    """Refuse a blocked employer (or one with an open claim, if the center says so);
    otherwise return the warnings the desk should see."""
    if employer.center_id != center.pk:
        raise DispatchError(_("This employer belongs to another center."), field="employer")
    if employer.blocked:
        raise DispatchError(
            _("%(employer)s is blocked from posting jobs: %(reason)s")
            % {"employer": employer, "reason": employer.blocked_reason},
            code="employer_blocked",
            field="employer",
        )
    network = employer_network_messages(employer)
    if not employer_has_open_claims(employer):
        return network
    if center.block_employers_with_open_claims:
        raise DispatchError(
            _("%(employer)s has an open wage claim and cannot post jobs until it is resolved.")
            % {"employer": employer},
            code="employer_open_claim",
            field="employer",
        )
    return [_("%(employer)s has an open wage claim.") % {"employer": employer}, *network]


@transaction.atomic
def job_create(
    *,
    center: Center,
    employer: Employer,
    by: User | None,
    source: str,
    skills: Iterable[str] = (),
    requested_badges: Iterable[int | str] = (),
    confirm_high_wage: bool = False,
    **fields: Any,
) -> Job:
    """Post a job. ``job.warnings`` lists what the desk should know (an open wage claim).
    A wage over ``rules.high_wage_above`` needs ``confirm_high_wage``."""
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"not a job field: {sorted(unknown)}")
    if source not in Job.Source.values:
        raise DispatchError(_("Unknown source of the job."), field="source")
    warnings = _check_employer(employer, center)
    job = Job(center=center, employer=employer, source=source, **fields)
    job.created_by = by if by is not None and by.is_authenticated else None
    _check_job(job, center, confirm_high_wage=confirm_high_wage)
    resolved = skills_resolve(skills)
    requested = _requested_workers(center, requested_badges)
    job.save()
    job.skills.set(resolved)
    job.requested_workers.set(requested)
    job.warnings = warnings
    return job


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal):
        try:
            return old != Decimal(str(new))
        except (InvalidOperation, ValueError):
            return True
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() != new.strip()
    return old != new


@transaction.atomic
def job_update(
    *,
    job: Job,
    by: User | None,
    skills: Iterable[str] | None = None,
    requested_badges: Iterable[int | str] | None = None,
    confirm_high_wage: bool = False,
    **fields: Any,
) -> Job:
    """Edit an open job; the wage floor applies again, and the bounds of ``dispatch.rules``
    to the fields that change (a job that started this morning can still be corrected)."""
    job = Job.objects.select_for_update().select_related("center").get(pk=job.pk)
    if job.status != Job.Status.OPEN:
        raise DispatchError(
            _("Only an open job can be changed; this one is %(status)s.")
            % {"status": job.get_status_display()},
            code="job_not_open",
        )
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"not a job field: {sorted(unknown)}")
    before = {name: getattr(job, name) for name in fields}
    for name, value in fields.items():
        setattr(job, name, value)
    changed = {name for name, value in fields.items() if _differs(before[name], value)}
    _check_job(job, job.center, confirm_high_wage=confirm_high_wage, changed=changed)
    resolved = skills_resolve(skills) if skills is not None else None
    requested = (
        _requested_workers(job.center, requested_badges) if requested_badges is not None else None
    )
    job.save()
    if resolved is not None:
        job.skills.set(resolved)
    if requested is not None:
        job.requested_workers.set(requested)
    return job


@transaction.atomic
def job_cancel(*, job: Job, by: User | None, reason: str = "") -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in (Job.Status.OPEN, Job.Status.FILLED):
        raise DispatchError(
            _("This job is %(status)s and can no longer be cancelled.")
            % {"status": job.get_status_display()},
            code="job_not_cancellable",
        )
    job.status = Job.Status.CANCELLED
    job.cancelled_reason = reason.strip()[:255]
    job.save(update_fields=["status", "cancelled_reason"])
    hooks.job_release(job=job, reason=job.cancelled_reason or _("The job was cancelled."), by=by)
    return job


# --- an employer declines a worker; the center reviews it -------------------------------

Decline = WorkerDecline
#: The states of a worker's assignment that mean they were sent to the employer's job.
WORKED_STATES = ("active", "completed", "no_show")


@transaction.atomic
def decline_create(
    *, employer: Employer, worker: Worker, reason: str, note: str, by: User | None
) -> WorkerDecline:
    """The employer asks not to be sent ``worker`` again, with a reason the center reviews.
    Only a worker sent to this employer's jobs can be declined, once at a time."""
    if worker.center_id != employer.center_id:
        raise DispatchError(_("This worker belongs to another center."), code="other_center")
    if reason not in Decline.Reason.values:
        raise DispatchError(_("Choose one of the reasons offered."), field="reason")
    note = (note or "").strip()
    if not note:
        raise DispatchError(_("Say in a few words what happened."), code="required", field="note")
    if not worker.assignments.filter(job__employer=employer, state__in=WORKED_STATES).exists():
        raise DispatchError(
            _("Only a worker who was sent to your jobs can be declined."), code="never_sent"
        )
    try:
        with transaction.atomic():
            return Decline.objects.create(
                center=employer.center,
                employer=employer,
                worker=worker,
                reason=reason,
                note=note[:500],
                created_by=by if by is not None and by.is_authenticated else None,
            )
    except IntegrityError as exc:
        raise DispatchConflict(
            _("You already asked not to be sent this worker."), code="already_declined"
        ) from exc


@transaction.atomic
def decline_review(
    *, decline: WorkerDecline, accept: bool, ground: str, note: str = "", by: User | None
) -> WorkerDecline:
    """The center accepts or refuses a decline. A ground that is discrimination (national
    origin, language, age, sex, race, religion, disability…) is always refused; only a
    reason about the work is accepted. A refusal says why."""
    decline = Decline.objects.select_for_update().get(pk=decline.pk)
    if decline.status != Decline.Status.PENDING:
        raise DispatchConflict(_("This request was already reviewed."), code="reviewed")
    if ground not in Decline.Ground.values:
        raise DispatchError(
            _("Say what the center finds the reason to be."), code="required", field="ground"
        )
    note = (note or "").strip()[:500]
    if ground in Decline.DISCRIMINATION:
        status = Decline.Status.REFUSED
    elif accept:
        if ground != Decline.Ground.WORK:
            raise DispatchError(
                _("Only a reason about the work can be accepted."), code="not_work", field="ground"
            )
        status = Decline.Status.ACCEPTED
    else:
        if not note:
            raise DispatchError(
                _("Say why the center refuses it."), code="required", field="review_note"
            )
        status = Decline.Status.REFUSED
    decline.status, decline.ground, decline.review_note = status, ground, note
    decline.reviewed_by = by if by is not None and by.is_authenticated else None
    decline.reviewed_at = timezone.now()
    save_with_history(decline, by=by, reason=f"decline {status}")
    return decline
