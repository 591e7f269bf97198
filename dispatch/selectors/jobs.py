"""Reads for employers and job postings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from centers.models import Center
from dispatch.models import Assignment, Employer, Job, Offer, WageClaim
from workers.selectors import text_search

OPEN_CLAIM = Q(status__in=WageClaim.OPEN_STATUSES)


def employer_has_open_claims(employer: Employer) -> bool:
    """The seam to wage claims: an employer with an open claim is flagged at every posting."""
    return WageClaim.objects.filter(OPEN_CLAIM, employer=employer).exists()


def employers_with_open_claims(queryset: QuerySet[Employer]) -> QuerySet[Employer]:
    """Annotate ``open_claims`` (a count) without a query per row."""
    return queryset.annotate(
        open_claims=Count("claims", filter=Q(claims__status__in=WageClaim.OPEN_STATUSES))
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
    open_claim = WageClaim.objects.filter(OPEN_CLAIM, employer=OuterRef("employer_id"))
    return (
        queryset.select_related("employer")
        .prefetch_related("skills", "requested_workers")
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


def job_cancel_told(job: Job) -> list[dict[str, Any]]:
    """Who is told when the job is cancelled (what ``job_release`` texts): the workers
    dispatched to it and those with an offer waiting, each with whether a text reaches them."""
    dispatched = Assignment.objects.filter(job=job, state=Assignment.State.ACTIVE)
    offered = Offer.objects.filter(job=job, state=Offer.State.PENDING)
    rows = [
        *({"worker": a.worker, "dispatched": True} for a in dispatched.select_related("worker")),
        *({"worker": o.worker, "dispatched": False} for o in offered.select_related("worker")),
    ]
    for row in rows:
        worker = row["worker"]
        row["by_sms"] = bool(worker.phone) and worker.sms_opted_out_at is None
    return sorted(rows, key=lambda row: row["worker"].badge)
