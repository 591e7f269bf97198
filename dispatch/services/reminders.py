"""The reminder before a filled job: a text to each worker going (the catalog's
``reminder``) and an email to the employer with who is coming. Sent once per job
(``Job.reminded_at``, claimed with a conditional update), by a periodic task."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dispatch.models import Assignment
from employers.models import Job
from employers.notify import employer_tell
from sms.services import outbox_batch

from .morning import coming_workers
from .notify import job_what, sms_queue


def job_reminders_send(*, now: datetime | None = None) -> int:
    """Remind every filled job that starts within ``JOB_REMINDER_MINUTES`` and was not
    reminded yet. Workers dispatched after the reminder's time got their details just now
    and are not texted again. Returns the jobs reminded."""
    now = now or timezone.now()
    lead = timedelta(minutes=settings.JOB_REMINDER_MINUTES)
    # A coarse cut in the database (dates around now), the exact start per center below.
    days = [(now + timedelta(days=d)).date() for d in (-1, 0, 1, 2)]
    due = [
        job
        for job in Job.objects.filter(
            status=Job.Status.FILLED, reminded_at__isnull=True, date__in=days
        ).select_related("center", "employer")
        if now <= job.center.local_datetime(job.date, job.start_time) <= now + lead
    ]
    done = 0
    for job in due:
        with transaction.atomic():
            claimed = Job.objects.filter(pk=job.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another sweep took it
            _remind(job, since=job.center.local_datetime(job.date, job.start_time) - lead)
            done += 1
    return done


def _remind(job: Job, *, since: datetime) -> None:
    workers = coming_workers(job)
    details_sent_before = set(
        Assignment.objects.filter(
            job=job, state=Assignment.State.ACTIVE, created_at__lt=since
        ).values_list("worker_id", flat=True)
    )
    context = {"what": job_what(job), "day": job.date, "start": job.start_time}
    with outbox_batch():
        for worker in workers:
            if worker.pk in details_sent_before:
                sms_queue(center=job.center, worker=worker, kind="reminder", context=context)
    employer_tell(job=job, notice="job_reminder", workers=workers)
