"""What an employer is told about their jobs: who is coming, a reminder, a cancellation.

By email always (when they gave one), and by text too if they chose it, in their language.
Workers are named by known-as name and badge only, never by phone or full name. Everything
goes through the outboxes (``sms.mail``, ``sms.services``) and leaves after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from employers.models import Employer, Job
from sms.catalog import Kind
from sms.mail import mail_queue
from sms.services import message_queue_employer
from workers.models import Worker

#: The email kind and the SMS kind (None: email only) of each notice.
NOTICES: dict[str, str | None] = {
    "workers_coming": Kind.WORKERS_COMING,
    "job_reminder": None,
    "job_cancelled": Kind.EMPLOYER_JOB_CANCELLED,
    "worker_cancelled": Kind.WORKER_CANCELLED,
}


def workers_text(workers: Iterable[Worker]) -> str:
    """ "Chuy #12, Lupe #7": how the employer recognises who comes."""
    return ", ".join(f"{w.known_as} #{w.badge}" for w in workers)


def employer_tell(*, job: Job, notice: str, workers: Iterable[Worker] = ()) -> dict[str, Any]:
    """Queue ``notice`` about ``job`` for its employer. Returns what was queued."""
    workers = list(workers)
    employer: Employer = job.employer
    center = job.center
    email = mail_queue(
        center=center,
        to=employer.email,
        language=employer.language,
        kind=notice,
        context={"job": job, "workers": workers},
    )
    text = None
    sms_kind = NOTICES[notice]
    if sms_kind and employer.notify_by_sms:
        text = message_queue_employer(
            center=center,
            phone=employer.phone,
            language=employer.language,
            kind=sms_kind,
            context={
                "center": center.sms_sender_name(),
                "day": job.date,
                "start": job.start_time,
                "workers": workers_text(workers),
                "phone": center.phone.as_national if center.phone else "",
            },
        )
    return {"email": email, "sms": text}
