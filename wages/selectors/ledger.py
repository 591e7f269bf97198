"""Reads for the jobs log and the worker and employer history pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from centers.models import Center
from dispatch.models import Assignment
from employers.models import Employer, Job
from employers.selectors import jobs_with_flags
from wages.models import WageClaim
from workers.models import Sanction, Worker

State = Assignment.State
#: History pages show this many of the latest rows; totals always count everything.
HISTORY_ROWS = 100


def _repeat_employer() -> Exists:
    """The job's employer had a completed job on an earlier day: a repeat employer."""
    return Exists(
        Job.objects.filter(
            employer=OuterRef("employer"),
            date__lt=OuterRef("date"),
            status=Job.Status.COMPLETED,
        )
    )


def _with_log(jobs: QuerySet[Job]) -> QuerySet[Job]:
    assignments = (
        Assignment.objects.select_related("worker")
        .prefetch_related("claims")
        .order_by("slot", "pk")
    )
    return (
        jobs_with_flags(jobs)
        .annotate(repeat_employer=_repeat_employer())
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )


def jobs_log(*, center: Center, day: date) -> QuerySet[Job]:
    """One day's jobs that had workers dispatched (or were cancelled), with their workers."""
    jobs = Job.objects.filter(center=center, date=day).filter(
        Q(assignments__isnull=False) | Q(status=Job.Status.CANCELLED)
    )
    return _with_log(jobs.distinct().order_by("start_time", "pk"))


def jobs_to_complete(*, center: Center) -> QuerySet[Job]:
    """Jobs of earlier days whose dispatched workers are not logged yet."""
    waiting = Assignment.objects.filter(
        job=OuterRef("pk"), state=State.ACTIVE, date__lt=center.today()
    )
    return _with_log(
        Job.objects.filter(center=center).filter(Exists(waiting)).order_by("date", "start_time")
    )[:HISTORY_ROWS]


def job_log(*, center: Center, pk: int) -> Job:
    return _with_log(Job.objects.filter(center=center)).get(pk=pk)


def worker_history(*, worker: Worker) -> dict[str, Any]:
    assignments = Assignment.objects.filter(worker=worker)
    totals = assignments.aggregate(
        jobs=Count("pk", filter=Q(state=State.COMPLETED)),
        no_shows=Count("pk", filter=Q(state=State.NO_SHOW)),
        hours=Sum("hours_worked", filter=Q(state=State.COMPLETED)),
        earnings=Sum("amount_paid", filter=Q(state=State.COMPLETED)),
        unpaid=Count(
            "pk",
            filter=Q(
                state=State.COMPLETED,
                paid_status__in=(Assignment.PaidStatus.UNPAID, Assignment.PaidStatus.PARTIAL),
            ),
        ),
        rating=Avg("worker_rating"),
    )
    return {
        "totals": totals,
        "assignments": assignments.select_related("job", "job__employer").order_by("-date", "-pk")[
            :HISTORY_ROWS
        ],
        "sanctions": Sanction.objects.filter(worker=worker).select_related(
            "decided_by", "lifted_by"
        ),
        "claims": WageClaim.objects.filter(worker=worker).select_related("employer"),
    }


def employer_history(*, employer: Employer) -> dict[str, Any]:
    jobs = Job.objects.filter(employer=employer)
    assignments = Assignment.objects.filter(job__employer=employer)
    totals = {
        **jobs.aggregate(
            posted=Count("pk"),
            completed=Count("pk", filter=Q(status=Job.Status.COMPLETED)),
            cancelled=Count("pk", filter=Q(status=Job.Status.CANCELLED)),
        ),
        **assignments.aggregate(
            workers=Count("worker", distinct=True),
            hours=Sum("hours_worked", filter=Q(state=State.COMPLETED)),
            paid=Sum("amount_paid", filter=Q(state=State.COMPLETED)),
            rating_by_workers=Avg("employer_rating"),
            rating_of_workers=Avg("worker_rating"),
        ),
    }
    workers = (
        Worker.objects.filter(assignments__job__employer=employer)
        .annotate(
            times=Count("assignments", filter=Q(assignments__state=State.COMPLETED)),
            hours=Sum("assignments__hours_worked", filter=Q(assignments__state=State.COMPLETED)),
        )
        .order_by("-times", "badge")[:HISTORY_ROWS]
    )
    ratings = (
        assignments.filter(Q(employer_rating__isnull=False) | Q(worker_rating__isnull=False))
        .select_related("worker", "job")
        .order_by("-date", "-pk")[:HISTORY_ROWS]
    )
    return {
        "totals": totals,
        "repeat": (totals["completed"] or 0) >= 2,
        "jobs": _with_log(jobs).order_by("-date", "-start_time")[:HISTORY_ROWS],
        "workers": workers,
        "ratings": ratings,
        "claims": WageClaim.objects.filter(employer=employer).select_related("worker"),
    }
