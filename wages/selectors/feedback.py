"""Reads for the employer's ratings of workers in the portal."""

from __future__ import annotations

from django.db.models import QuerySet

from dispatch.models import Assignment
from employers.models import Employer, Job
from wages.services.feedback import RATED_STATES


def portal_job_workers(*, employer: Employer, job: Job) -> QuerySet[Assignment]:
    """The workers sent to one of the employer's jobs, with their rating if any."""
    return (
        Assignment.objects.filter(job=job, job__employer=employer, state__in=RATED_STATES)
        .select_related("worker", "rating")
        .order_by("slot", "pk")
    )


def portal_assignment(*, employer: Employer, pk: int) -> Assignment | None:
    """One assignment of the employer's jobs (None for anyone else's)."""
    return (
        Assignment.objects.filter(pk=pk, job__employer=employer)
        .select_related("worker", "job", "center")
        .first()
    )
