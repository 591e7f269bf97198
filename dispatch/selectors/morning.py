"""The morning loop's reads: today's queue, open jobs, the draw, and "why not me?"."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from centers.models import Center
from dispatch import reasons
from dispatch.models import (
    LIVE_ASSIGNMENT,
    Assignment,
    DispatchDecision,
    Job,
    LotteryDraw,
    Offer,
    PriorityFlag,
    SignIn,
)


def queue(*, center: Center, day: date) -> QuerySet[SignIn]:
    """The day's sign-ins in queue order (drawn first, then arrivals), worker and skills loaded."""
    flagged = PriorityFlag.objects.filter(date=day, worker=OuterRef("worker"))
    return (
        SignIn.objects.filter(center=center, date=day)
        .select_related("worker")
        .prefetch_related("worker__skills")
        .annotate(priority=Exists(flagged))
        .order_by(F("position").asc(nulls_last=True), "signed_in_at", "pk")
    )


def signins_list(*, center: Center, day: date) -> QuerySet[SignIn]:
    return (
        SignIn.objects.filter(center=center, date=day)
        .select_related("worker")
        .order_by(F("position").asc(nulls_last=True), "signed_in_at", "pk")
    )


def jobs_open(*, center: Center, day: date) -> QuerySet[Job]:
    """The day's open and filled jobs with their live assignments and pending offers."""
    live = Assignment.objects.filter(LIVE_ASSIGNMENT).select_related("worker").order_by("slot")
    pending = Q(offers__state=Offer.State.PENDING)
    return (
        Job.objects.filter(center=center, date=day, status__in=[Job.Status.OPEN, Job.Status.FILLED])
        .select_related("employer")
        .annotate(
            pending=Count("offers", filter=pending),
            pending_until=Max("offers__expires_at", filter=pending),
        )
        .prefetch_related("skills", Prefetch("assignments", queryset=live, to_attr="live"))
        .order_by("status", "start_time", "pk")
    )


def draw_for(*, center: Center, day: date) -> LotteryDraw | None:
    return LotteryDraw.objects.filter(center=center, date=day).first()


def decisions_for(*, center: Center, day: date, worker_id: int) -> list[dict]:
    """Every dispatch decision about a worker on a day, as the desk explains it."""
    rows = (
        DispatchDecision.objects.filter(center=center, date=day, worker_id=worker_id)
        .select_related("job")
        .order_by("created_at", "pk")
    )
    return [
        {
            "at": row.created_at,
            "job": row.job,
            "outcome": row.get_outcome_display(),
            "chosen": row.outcome != DispatchDecision.Outcome.SKIPPED,
            "reason": reasons.label(row.reason),
            "position": row.position,
        }
        for row in rows
    ]


def being_called(*, center: Center, day: date, minutes: int = 30) -> list[SignIn]:
    """Sign-ins dispatched or offered in the last ``minutes``: the "now calling" board."""
    since = timezone.now() - timedelta(minutes=minutes)
    recent = Q(worker__assignments__date=day, worker__assignments__created_at__gte=since) | Q(
        state=SignIn.State.OFFERED
    )
    return list(
        SignIn.objects.filter(center=center, date=day)
        .filter(recent)
        .filter(state__in=[SignIn.State.DISPATCHED, SignIn.State.OFFERED])
        .select_related("worker")
        .distinct()
        .order_by("position")[:12]
    )


def queue_counts(*, center: Center, day: date) -> dict[str, int]:
    """How many signed in today, are waiting and were dispatched: one query."""
    return SignIn.objects.filter(center=center, date=day).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(state=SignIn.State.WAITING)),
        dispatched=Count("pk", filter=Q(state=SignIn.State.DISPATCHED)),
    )
