"""Reads for employers and job postings."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from centers.models import Center
from employers import hooks
from employers.models import Employer, Job
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
        .prefetch_related("skills", "requested_workers", "required_trainings")
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
