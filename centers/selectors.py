"""Reads of the centers app: the settings in force on a date, and the assembly's decisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from .models import AssemblyDecision, Center, WageFloor


def wage_floor_on(*, center: Center, day: date) -> Decimal:
    """The center's wage floor in force on ``day``: the latest row of its floor history
    starting on or before that day; the center's current floor when it has no history.
    The database trigger on jobs (``employers`` migration ``0005_job_floor_triggers``) reads
    the same rows."""
    row = (
        WageFloor.objects.filter(center=center, starts_on__lte=day)
        .order_by("-starts_on")
        .values_list("amount", flat=True)
        .first()
    )
    return center.wage_floor if row is None else row


def wage_floor_history(*, center: Center) -> QuerySet[WageFloor]:
    return WageFloor.objects.filter(center=center).select_related("decision").order_by("-starts_on")


def decisions_for(*, center: Center) -> QuerySet[AssemblyDecision]:
    return AssemblyDecision.objects.filter(center=center).select_related("recorded_by")
