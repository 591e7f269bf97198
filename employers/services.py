"""Writes for employers and job postings (desk, phone, employer portal, API)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.history import save_with_history
from centers.models import AssemblyDecision, Center, User
from centers.money import money_text
from centers.text import fold
from employers import hooks, rules
from employers.errors import DispatchConflict, DispatchError
from employers.models import Employer, Job, JobDay, JobSeries, KindFloor, WorkerDecline
from employers.notify import employer_tell
from employers.selectors import employer_has_open_claims, employer_network_messages, job_floors
from workers.activities import trainings_resolve
from workers.models import EnglishLevel, Skill, Worker
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
    "min_english_level",
    "end_date",
    "pickup_place",
    "pickup_time",
    "meeting_place",
)
#: The fields that say which days a job spans.
DAY_FIELDS = ("date", "end_date")


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
    job: Job,
    center: Center,
    *,
    skills: Iterable[Skill],
    confirm_high_wage: bool = False,
    changed: set[str] | None = None,
    repeat_until: date | None = None,
) -> None:
    """The rules of a posting: the wage floor and minimum hours in force on its date for
    its kinds of work, workers needed, and the bounds of ``employers.rules`` (hours, a wage
    to confirm, a start not past, the description's length). ``changed``: on an edit, the
    fields whose bounds are checked again."""
    job.description = (job.description or "").strip()
    job.hourly_wage = _money(job.hourly_wage, "hourly_wage")
    job.estimated_hours = _money(job.estimated_hours, "estimated_hours")
    if not job.description:
        raise DispatchError(_("Describe the work."), code="required", field="description")
    if not job.address:
        raise DispatchError(_("Enter where the work is."), code="required", field="address")
    if not isinstance(job.date, date):
        raise DispatchError(_("Enter the date of the job."), field="date")
    if not isinstance(job.start_time, time):
        raise DispatchError(_("Enter the start time."), field="start_time")
    if job.min_english_level not in EnglishLevel.values:
        raise DispatchError(_("Unknown English level."), field="min_english_level")
    if not job.workers_needed or job.workers_needed < 1:
        raise DispatchError(_("A job needs at least one worker."), field="workers_needed")
    floors = job_floors(center=center, day=job.date, skills=skills)
    job.wage_floor = floors.wage
    _check_transport(job)
    problems = rules.job_problems(
        description=job.description,
        estimated_hours=job.estimated_hours,
        hourly_wage=job.hourly_wage,
        day=job.date,
        start=job.start_time,
        floor=floors.wage,
        now=timezone.localtime(timezone.now(), center.tz),
        confirm_high_wage=confirm_high_wage,
        check=None if changed is None else frozenset(changed),
        floor_kind=floors.wage_skill.name if floors.wage_skill else "",
        min_hours=floors.min_hours,
        hours_kind=floors.hours_skill.name if floors.hours_skill else "",
    )
    if job.end_date is not None and not isinstance(job.end_date, date):
        raise DispatchError(_("Enter the last day of the job."), field="end_date")
    if repeat_until is not None and not isinstance(repeat_until, date):
        raise DispatchError(_("Enter the date the weekly job ends."), field="repeat_until")
    if job.end_date == job.date:
        job.end_date = None  # a one-day job
    if changed is None or changed & {"date", "end_date"}:
        problems += rules.days_problems(
            day=job.date, end_date=job.end_date, repeat_until=repeat_until
        )
    if problems:
        field, code, message = problems[0]
        raise DispatchError(message, code=code, field=field)


def _check_transport(job: Job) -> None:
    """The employer drives the workers (a pickup point and a time, at or before the start)
    or says where to meet (empty: at the job address)."""
    job.pickup_place = (job.pickup_place or "").strip()
    job.meeting_place = (job.meeting_place or "").strip()
    if not job.transport_provided:
        job.pickup_place, job.pickup_time = "", None
        return
    job.meeting_place = ""
    if not job.pickup_place:
        raise DispatchError(
            _("Say where the employer picks the workers up."),
            code="required",
            field="pickup_place",
        )
    if not isinstance(job.pickup_time, time):
        raise DispatchError(
            _("Say when the employer picks the workers up."), code="required", field="pickup_time"
        )
    if job.pickup_time > job.start_time:
        raise DispatchError(
            _("The pickup must be at or before the start of the job."),
            code="pickup_after_start",
            field="pickup_time",
        )


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
    if employer.approval == Employer.Approval.REFUSED:
        raise DispatchError(
            _("The center did not approve the account of %(employer)s.") % {"employer": employer},
            code="employer_refused",
            field="employer",
        )
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
    required_trainings: Iterable[str] = (),
    repeat_until: date | None = None,
    **fields: Any,
) -> Job:
    """Post a job. ``job.warnings`` lists what the desk should know (an open wage claim).
    A wage over ``rules.high_wage_above`` needs ``confirm_high_wage``. ``end_date``: the
    last day of a job of several days; ``repeat_until``: a weekly job, whose occurrences
    until that date are posted with it (``series_extend``)."""
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"not a job field: {sorted(unknown)}")
    if source not in Job.Source.values:
        raise DispatchError(_("Unknown source of the job."), field="source")
    warnings = _check_employer(employer, center)
    job = Job(center=center, employer=employer, source=source, **fields)
    job.created_by = by if by is not None and by.is_authenticated else None
    resolved = skills_resolve(skills)
    _check_job(
        job, center, skills=resolved, confirm_high_wage=confirm_high_wage, repeat_until=repeat_until
    )
    trainings = trainings_resolve(required_trainings)
    requested = _requested_workers(center, requested_badges)
    if employer.approval == Employer.Approval.PENDING:
        # Held until the center approves the account (``employers.signup.employer_review``).
        job.status = Job.Status.PENDING
        warnings.append(
            _("%(employer)s is waiting for the center's approval: the job is held.")
            % {"employer": employer}
        )
    job.save()
    job.skills.set(resolved)
    job.required_trainings.set(trainings)
    job.requested_workers.set(requested)
    _days_sync(job)
    if repeat_until is not None:
        series = JobSeries.objects.create(center=center, first_job=job, until=repeat_until)
        Job.objects.filter(pk=job.pk).update(series=series)
        job.series = series
        series_extend(series=series)
    job.warnings = warnings
    return job


def _days_sync(job: Job) -> None:
    """One ``JobDay`` per date the job spans: missing ones made, ones outside it removed."""
    dates = rules.span_dates(job.date, job.end_date)
    job.days.exclude(date__in=dates).delete()
    have = set(job.days.values_list("date", flat=True))
    JobDay.objects.bulk_create([JobDay(job=job, date=day) for day in dates if day not in have])


@transaction.atomic
def series_extend(*, series: JobSeries) -> list[Job]:
    """Post the weekly occurrences of ``series`` up to its end that are not posted yet, as
    copies of its first job a week apart (same employer, wage, workers, skills, requests).
    Idempotent: a date already posted is skipped (and the database holds one per date)."""
    first = Job.objects.select_for_update().get(pk=series.first_job_id)
    have = set(Job.objects.filter(series=series).values_list("date", flat=True))
    span = (first.end_date - first.date) if first.end_date else None
    skills = list(first.skills.all())
    requested = list(first.requested_workers.all())
    made = []
    day = first.date + timedelta(weeks=1)
    while day <= series.until:
        if day not in have:
            job = Job(
                center=first.center,
                employer=first.employer,
                series=series,
                date=day,
                end_date=day + span if span is not None else None,
                source=first.source,
                created_by=first.created_by,
                wage_floor=first.wage_floor,
                **{name: getattr(first, name) for name in JOB_FIELDS if name not in DAY_FIELDS},
            )
            job.save()
            job.skills.set(skills)
            job.requested_workers.set(requested)
            _days_sync(job)
            made.append(job)
        day += timedelta(weeks=1)
    return made


#: A job that may still be called off (by the employer or the desk).
CANCELLABLE = (Job.Status.OPEN, Job.Status.FILLED, Job.Status.PENDING)


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
    required_trainings: Iterable[str] | None = None,
    **fields: Any,
) -> Job:
    """Edit an open job; the wage floor applies again, and the bounds of ``dispatch.rules``
    to the fields that change (a job that started this morning can still be corrected)."""
    job = Job.objects.select_for_update().select_related("center").get(pk=job.pk)
    if job.status not in (Job.Status.OPEN, Job.Status.PENDING):
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
    if changed & set(DAY_FIELDS) and hooks.job_has_workers(job):
        raise DispatchError(
            _("Workers are already sent to this job: cancel single days instead of moving it."),
            code="job_has_workers",
            field="date",
        )
    resolved = skills_resolve(skills) if skills is not None else None
    _check_job(
        job,
        job.center,
        skills=resolved if resolved is not None else list(job.skills.all()),
        confirm_high_wage=confirm_high_wage,
        changed=changed,
    )
    trainings = trainings_resolve(required_trainings) if required_trainings is not None else None
    requested = (
        _requested_workers(job.center, requested_badges) if requested_badges is not None else None
    )
    job.save()
    if resolved is not None:
        job.skills.set(resolved)
    if trainings is not None:
        job.required_trainings.set(trainings)
    if requested is not None:
        job.requested_workers.set(requested)
    _days_sync(job)
    return job


@transaction.atomic
def job_cancel(*, job: Job, by: User | None, reason: str = "") -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in CANCELLABLE:
        raise DispatchError(
            _("This job is %(status)s and can no longer be cancelled.")
            % {"status": job.get_status_display()},
            code="job_not_cancellable",
        )
    job.status = Job.Status.CANCELLED
    job.cancelled_reason = reason.strip()[:255]
    job.save(update_fields=["status", "cancelled_reason"])
    hooks.job_release(job=job, reason=job.cancelled_reason or _("The job was cancelled."), by=by)
    by_employer = by is not None and job.employer.portal_user_id == getattr(by, "pk", None)
    if not by_employer:  # the center called it off: the employer hears it
        employer_tell(job=job, notice="job_cancelled")
    return job


@transaction.atomic
def kind_floor_set(
    *,
    center: Center,
    by: User | None,
    skill: str,
    starts_on: date,
    wage_floor: Decimal | None,
    min_hours: Decimal | None,
    decision: AssemblyDecision | None = None,
) -> KindFloor:
    """Set the wage floor and minimum hours of a kind of work from ``starts_on`` on (today
    or later: a floor never changes what was already agreed). Empty values: no extra rule
    from that day. Jobs on or after that date are held to it, in the database too."""
    (resolved,) = skills_resolve([skill]) if skill else (None,)
    if resolved is None:
        raise DispatchError(_("Choose the kind of work."), code="required", field="skill")
    if starts_on < center.today():
        raise DispatchError(
            _("A floor takes effect today or later, never on a past date."), field="starts_on"
        )
    if wage_floor is not None and not Decimal("0") < wage_floor <= rules.WAGE_MAX:
        raise DispatchError(
            _("A wage floor is more than $0 and at most %(max)s an hour.")
            % {"max": money_text(rules.WAGE_MAX)},
            field="wage_floor",
        )
    if min_hours is not None and not rules.HOURS_MIN <= min_hours <= rules.HOURS_MAX:
        raise DispatchError(
            _("Minimum hours are between %(min)s and %(max)s.")
            % {"min": rules.HOURS_MIN, "max": rules.HOURS_MAX.normalize()},
            field="min_hours",
        )
    if decision is not None and decision.center_id != center.pk:
        raise DispatchError(_("This decision belongs to another center."), field="decision")
    row = KindFloor.objects.filter(center=center, skill=resolved, starts_on=starts_on).first()
    row = row or KindFloor(center=center, skill=resolved, starts_on=starts_on)
    row.wage_floor, row.min_hours, row.decision = wage_floor, min_hours, decision
    row.created_by = by if by is not None and by.is_authenticated else None
    save_with_history(row, by=by)
    return row


def _day_locked(day: JobDay) -> tuple[Job, JobDay]:
    job = Job.objects.select_for_update().select_related("center").get(pk=day.job_id)
    return job, JobDay.objects.select_for_update().get(pk=day.pk)


def _day_stamp(day: JobDay, by: User | None) -> None:
    day.changed_at = timezone.now()
    day.changed_by = by if by is not None and by.is_authenticated else None


@transaction.atomic
def job_day_confirm(*, day: JobDay, by: User | None) -> JobDay:
    """The employer (or the desk for them) confirms that the work goes ahead on ``day``."""
    job, day = _day_locked(day)
    if job.status not in (Job.Status.OPEN, Job.Status.FILLED):
        raise DispatchError(
            _("This job is %(status)s.") % {"status": job.get_status_display().lower()},
            code="job_not_open",
        )
    if day.status == JobDay.Status.CANCELLED:
        raise DispatchError(_("This day is cancelled."), code="day_cancelled")
    if day.date < job.center.today():
        raise DispatchError(_("This day has already passed."), code="day_past")
    day.status = JobDay.Status.CONFIRMED
    _day_stamp(day, by)
    day.save()
    return day


@transaction.atomic
def job_day_cancel(*, day: JobDay, by: User | None, reason: str = "") -> JobDay:
    """Call off one day of a job: the workers sent for that day are released and told, the
    other days stay. Cancelling the last day left cancels the whole job (``job_cancel``)."""
    job, day = _day_locked(day)
    if job.status not in (Job.Status.OPEN, Job.Status.FILLED):
        raise DispatchError(
            _("This job is %(status)s and can no longer be cancelled.")
            % {"status": job.get_status_display()},
            code="job_not_cancellable",
        )
    if day.status == JobDay.Status.CANCELLED:
        raise DispatchError(_("This day is already cancelled."), code="day_cancelled")
    if day.date < job.center.today():
        raise DispatchError(_("This day has already passed."), code="day_past")
    reason = reason.strip()[:255]
    day.status = JobDay.Status.CANCELLED
    day.cancelled_reason = reason
    _day_stamp(day, by)
    day.save()
    left = job.days.exclude(status=JobDay.Status.CANCELLED).order_by("date")
    if not left.exists():
        job_cancel(job=job, by=by, reason=reason)
        day.refresh_from_db()
        return day
    hooks.job_day_release(
        job=job, day=day.date, reason=reason or _("This day of the job was cancelled."), by=by
    )
    if day.date == job.date and not hooks.job_has_workers(job):
        # Nobody sent yet: the job is dispatched on its first day left.
        job.date = left.first().date  # type: ignore[union-attr]
        job.save(update_fields=["date"])
    return day


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
