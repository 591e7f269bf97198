"""The morning loop's one door to SMS: job facts for the catalog, and ``message_queue``.

Values go to the catalog raw (dates, times, Decimals): it formats them in the worker's
language and cuts each to its length."""

from __future__ import annotations

from typing import Any

from centers.models import Center
from dispatch.models import Job
from sms.services import message_queue
from workers.models import Worker


def job_what(job: Job) -> str:
    """A short job description for an SMS (the catalog cuts it to 24 characters)."""
    return " ".join(job.description.split())


def job_place(job: Job) -> str:
    """The city or area of a job address ("12 Elm St, Claremont, CA" → "Claremont")."""
    parts = [part.strip() for part in job.address.split(",") if part.strip()]
    if len(parts) >= 3:
        return parts[-2]
    return parts[-1] if len(parts) == 2 else ""


def job_facts(job: Job) -> dict[str, Any]:
    return {
        "what": job_what(job),
        "day": job.date,
        "start": job.start_time,
        "wage": job.hourly_wage,
        "hours": job.estimated_hours,
    }


def center_phone(center: Center) -> str:
    return center.phone.as_national if center.phone else ""


def sms_queue(
    *,
    center: Center,
    worker: Worker,
    kind: str,
    context: dict[str, Any],
    offer_id: int | None = None,
    validity_seconds: int | None = None,
) -> Any:
    """Queue one catalog message; None when the worker cannot be texted."""
    return message_queue(
        center=center,
        worker=worker,
        kind=kind,
        context=context,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
    )
