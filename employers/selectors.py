"""Reads for employers and job postings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from centers.models import Center
from centers.selectors import wage_floor_on
from employers import hooks
from employers.models import CenterTerms, Employer, Job, JobDay, KindFloor
from workers.models import Skill
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
    """Jobs ready for a list: employer, skills, requested workers, and ``employer_open_claim``."""
    open_claim = Employer.objects.filter(
        pk=OuterRef("employer_id"), claims__status__in=hooks.open_claim_statuses()
    )
    return (
        queryset.select_related("employer")
        .prefetch_related("skills", "requested_workers", "days")
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
