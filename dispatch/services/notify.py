"""The morning loop's one door to SMS: job facts for the catalog, and ``message_queue``."""

from __future__ import annotations

from typing import Any

from centers.models import Center
from dispatch.models import Job
from workers.models import Worker

WHAT_LENGTH = 24


def job_what(job: Job) -> str:
    """A short job description for an SMS (no names, at most 24 characters)."""
    text = " ".join(job.description.split())
    return text if len(text) <= WHAT_LENGTH else text[: WHAT_LENGTH - 1].rstrip() + "…"


def job_place(job: Job) -> str:
    """The city or area of a job address ("12 Elm St, Claremont, CA" → "Claremont")."""
    parts = [part.strip() for part in job.address.split(",") if part.strip()]
    if len(parts) >= 3:
        return parts[-2]
    return parts[-1] if len(parts) == 2 else ""


def job_facts(job: Job) -> dict[str, str]:
    return {
        "what": job_what(job),
        "day": f"{job.date:%m/%d}",
        "start": f"{job.start_time:%H:%M}",
        "wage": f"{job.hourly_wage:.2f}".removesuffix(".00"),
        "hours": f"{job.estimated_hours:g}",
    }


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
    from sms.services import message_queue

    return message_queue(
        center=center,
        worker=worker,
        kind=kind,
        context=context,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
    )
