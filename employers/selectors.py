"""Reads for employers and job postings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Case, Count, Exists, OuterRef, Q, QuerySet, When
from django.utils.translation import gettext as _

from centers.models import Center
from centers.selectors import wage_floor_on
from employers import hooks, rules
from employers.models import CenterTerms, Employer, Job, JobDay, KindFloor, WorkerDecline
from workers.models import Skill, Worker
from workers.selectors import text_search


def employer_has_open_claims(employer: Employer) -> bool:
    """The seam to wage claims: an employer with an open claim is flagged at every posting."""
    return employer.claims.filter(status__in=hooks.open_claim_statuses()).exists()


def employers_with_open_claims(queryset: QuerySet[Employer]) -> QuerySet[Employer]:
    """Annotate ``open_claims`` (a count) without a query per row."""
    return queryset.annotate(
        open_claims=Count("claims", filter=Q(claims__status__in=hooks.open_claim_statuses()))
    )


def employer_list(
    *, center: Center | None, search: str = "", kind: str = "", blocked: bool | None = None
) -> QuerySet[Employer]:
    queryset = employers_with_open_claims(Employer.objects.filter(center=center)).order_by("name")
    if kind:
        queryset = queryset.filter(kind=kind)
    if blocked is not None:
        queryset = queryset.filter(blocked=blocked)
    if search:
        queryset = text_search(queryset, search)
    return queryset


def jobs_with_flags(queryset: QuerySet[Job]) -> QuerySet[Job]:
    """Jobs ready for a list: employer, skills, requested workers, certificates required, and
    ``employer_open_claim``."""
    open_claim = Employer.objects.filter(
        pk=OuterRef("employer_id"), claims__status__in=hooks.open_claim_statuses()
    )
    return (
        queryset.select_related("employer")
        .prefetch_related("skills", "requested_workers", "days", "required_trainings")
        .annotate(employer_open_claim=Exists(open_claim))
    )


def job_list(
    *,
    center: Center | None,
    search: str = "",
    status: str = "",
    day: date | None = None,
    employer: Employer | None = None,
) -> QuerySet[Job]:
    queryset = jobs_with_flags(Job.objects.filter(center=center))
    if status:
        queryset = queryset.filter(status=status)
    if day is not None:
        queryset = queryset.filter(date=day)
    if employer is not None:
        queryset = queryset.filter(employer=employer)
    if search:
        matching = text_search(Employer.objects.filter(center=center), search)
        queryset = queryset.filter(
            Q(employer__in=matching) | Q(description__icontains=search.strip())
        )
    return queryset


@dataclass(frozen=True)
class Floors:
    """The floors a job is held to on its date: the center's and its kinds of work's."""

    wage: Decimal
    #: The kind of work whose floor is above the center's (None: the center's floor holds).
    wage_skill: Skill | None = None
    min_hours: Decimal | None = None
    hours_skill: Skill | None = None


def kind_floors_on(*, center: Center, day: date) -> dict[int, KindFloor]:
    """Each kind of work's floor row in force on ``day``, by skill id."""
    rows = (
        KindFloor.objects.filter(center=center, starts_on__lte=day)
        .select_related("skill")
        .order_by("skill_id", "-starts_on")
    )
    found: dict[int, KindFloor] = {}
    for row in rows:
        found.setdefault(row.skill_id, row)
    return found


def job_floors(*, center: Center, day: date, skills: Iterable[Skill]) -> Floors:
    """The wage floor and minimum hours in force on ``day`` for a job needing ``skills``:
    the highest of the center's floor and each kind of work's. The one place the posting
    rules (``employers.rules.job_problems``) get their floors from."""
    wage, wage_skill = wage_floor_on(center=center, day=day), None
    hours: Decimal | None = None
    hours_skill = None
    by_skill = kind_floors_on(center=center, day=day)
    for skill in skills:
        row = by_skill.get(skill.pk)
        if row is None:
            continue
        if row.wage_floor is not None and row.wage_floor > wage:
            wage, wage_skill = row.wage_floor, row.skill
        if row.min_hours is not None and (hours is None or row.min_hours > hours):
            hours, hours_skill = row.min_hours, row.skill
    return Floors(wage=wage, wage_skill=wage_skill, min_hours=hours, hours_skill=hours_skill)


def kind_floor_history(*, center: Center) -> QuerySet[KindFloor]:
    return KindFloor.objects.filter(center=center).select_related("skill", "decision")


def job_work_dates(job: Job, *, since: date | None = None) -> list[date]:
    """The dates ``job`` is worked (its days not cancelled), from ``since`` on: the days a
    worker sent to it is booked for. A job written without day rows: its one date."""
    rows = list(job.days.all())
    days = [row.date for row in rows if row.status != JobDay.Status.CANCELLED]
    if not rows:
        days = [job.date]
    return sorted(d for d in days if since is None or d >= since)


def terms_current(center: Center) -> CenterTerms | None:
    """The center's terms for employers in force: the latest version."""
    return CenterTerms.objects.filter(center=center).order_by("-version").first()


def employers_pending(*, center: Center | None) -> QuerySet[Employer]:
    """Accounts signed up in the portal that wait for the center, oldest first, with the
    number of jobs each has on hold."""
    return (
        Employer.objects.filter(center=center, approval=Employer.Approval.PENDING)
        .select_related("terms")
        .annotate(held_jobs=Count("jobs", filter=Q(jobs__status=Job.Status.PENDING)))
        .order_by("created_at", "pk")
    )


# --- feedback: the employer's record, declines, the network warning ----------------------

#: Paid statuses of an assignment that the worker reported as not paid in full.
NO_PAY = ("unpaid", "partial")


def employer_record(employer: Employer) -> dict[str, Any]:
    """What the desk sees before sending workers: claims open and closed, the workers'
    ratings of this employer, and the jobs a worker said were not paid in full (2 queries)."""
    open_statuses = list(hooks.open_claim_statuses())
    claims = employer.claims.exclude(status="draft").aggregate(
        open=Count("pk", filter=Q(status__in=open_statuses)),
        closed=Count("pk", filter=~Q(status__in=open_statuses)),
    )
    work = Job.objects.filter(employer=employer).aggregate(
        rating=Avg("assignments__employer_rating"),
        ratings=Count("assignments__employer_rating"),
        no_pay=Count("assignments", filter=Q(assignments__paid_status__in=NO_PAY)),
    )
    return {
        "open_claims": claims["open"],
        "closed_claims": claims["closed"],
        "rating": round(work["rating"], 1) if work["rating"] is not None else None,
        "ratings": work["ratings"],
        "no_pay": work["no_pay"],
    }


def employer_network_warnings(employer: Employer) -> list[dict[str, Any]]:
    """Other centers of the network where an employer with the same checked phone (E.164)
    or email (compared without case) has an open wage claim or is blocked. Only the other center's
    name and desk phone come back: nothing about the claim, its workers or the employer."""
    # A phone or email counts once it is checked: entered by a center's staff, or, for an
    # account that signed up in the portal (it accepted terms there), verified by its owner.
    staff_entered = Q(terms__isnull=True)
    signed_up = employer.terms_id is not None
    match = Q()
    if employer.phone and (not signed_up or employer.phone_verified_at):
        match |= Q(phone=employer.phone) & (staff_entered | Q(phone_verified_at__isnull=False))
    email = (employer.email or "").strip()
    if email and (not signed_up or employer.email_verified_at):
        match |= Q(email__iexact=email) & (staff_entered | Q(email_verified_at__isnull=False))
    if not match:
        return []
    open_claim = Employer.objects.filter(
        pk=OuterRef("pk"), claims__status__in=hooks.open_claim_statuses()
    )
    rows = (
        Employer.objects.filter(match)
        .exclude(center_id=employer.center_id)
        .annotate(claim=Exists(open_claim))
        .filter(Q(claim=True) | Q(blocked=True))
        .values_list("center_id", "center__name", "center__phone", "claim")
        .order_by("center__name")
    )
    found: dict[int, dict[str, Any]] = {}
    for center_id, name, phone, claim in rows:
        row = found.setdefault(
            center_id, {"center": name, "contact": _phone_text(phone), "claim": False}
        )
        row["claim"] = row["claim"] or claim
    return list(found.values())


def employer_network_messages(employer: Employer) -> list[str]:
    """The desk's warnings from :func:`employer_network_warnings`, one sentence each."""
    return [
        _("An employer with the same phone or email %(what)s at %(center)s. Ask them: %(contact)s.")
        % {
            "what": _("has an open wage claim") if row["claim"] else _("is blocked"),
            "center": row["center"],
            "contact": row["contact"] or "—",
        }
        for row in employer_network_warnings(employer)
    ]


def _phone_text(phone: Any) -> str:
    if not phone:
        return ""
    try:
        return str(phone.as_national)
    except AttributeError:
        return str(phone)


def declines_for_review(*, center: Center | None) -> QuerySet[WorkerDecline]:
    """The center's declines, those waiting for review first."""
    return (
        WorkerDecline.objects.filter(center=center)
        .select_related("employer", "worker", "reviewed_by")
        .order_by(
            Case(When(status=WorkerDecline.Status.PENDING, then=0), default=1),
            "-created_at",
            "-pk",
        )
    )


def declined_worker_ids(*, employer_id: int) -> set[int]:
    """Workers this employer declined and the center accepted: never offered its jobs."""
    return set(
        WorkerDecline.objects.filter(
            employer_id=employer_id, status=WorkerDecline.Status.ACCEPTED
        ).values_list("worker_id", flat=True)
    )


def employer_past_workers(employer: Employer) -> QuerySet[Worker]:
    """Workers sent to this employer's jobs, whom it may ask for again by name (not those
    it declined)."""
    return (
        Worker.objects.filter(
            center_id=employer.center_id,
            erased_at__isnull=True,
            assignments__job__employer=employer,
            assignments__state__in=("active", "completed"),
        )
        .exclude(pk__in=declined_worker_ids(employer_id=employer.pk))
        .distinct()
        .order_by("known_as", "badge")
    )


def portal_jobs_to_rate(*, employer: Employer, today: date) -> set[int]:
    """Ids of the employer's jobs whose workers it may still rate (``RATING_EDIT_DAYS``)."""
    return set(
        Job.objects.filter(
            employer=employer,
            date__lte=today,
            date__gte=today - timedelta(days=rules.RATING_EDIT_DAYS),
            assignments__state__in=("active", "completed"),
        ).values_list("pk", flat=True)
    )
