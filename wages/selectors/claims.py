"""Reads for wage claims: lists, one claim with its timeline, the employer flag."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from centers.inputs import number_or_none
from centers.models import Center
from centers.text import fold
from wages.models import WageClaim


def claim_list(
    *, center: Center, status: str = "", search: str = "", employer_id: Any = None
) -> QuerySet[WageClaim]:
    claims = WageClaim.objects.filter(center=center).select_related("worker", "employer", "job")
    if status == "active":
        claims = claims.filter(status__in=(WageClaim.Status.DRAFT, *WageClaim.OPEN_STATUSES))
    elif status:
        claims = claims.filter(status=status)
    if employer_id:
        claims = claims.filter(employer_id=employer_id)
    return claim_search(claims, search)


def claim_search(claims: QuerySet[WageClaim], search: str) -> QuerySet[WageClaim]:
    """By worker or employer name (accents and case ignored), badge or claim number."""
    term = fold(search)
    if not term:
        return claims
    wanted = Q(worker__search_text__contains=term) | Q(employer__search_text__contains=term)
    number = number_or_none(term)
    if number is not None:
        wanted |= Q(worker__badge=number) | Q(pk=number)
    claims = claims.filter(wanted)
    return claims


def claim_detail(*, center: Center, pk: int) -> WageClaim:
    return (
        WageClaim.objects.filter(center=center)
        .select_related("worker", "employer", "job", "assignment", "opened_by", "center")
        .prefetch_related("events__by")
        .get(pk=pk)
    )


def claim_totals(*, center: Center) -> dict[str, Any]:
    """Counts per status and money owed vs recovered, for the claims page header."""
    rows = WageClaim.objects.filter(center=center).aggregate(
        owed=Sum("amount_owed"),
        recovered=Sum("amount_recovered"),
        active=Count("pk", filter=Q(status__in=WageClaim.OPEN_STATUSES)),
        drafts=Count("pk", filter=Q(status=WageClaim.Status.DRAFT)),
    )
    return {key: value or 0 for key, value in rows.items()}
