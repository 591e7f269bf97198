"""Thin Celery tasks of the dispatch app; each calls one service."""

from __future__ import annotations

from celery import shared_task

from dispatch.services import certificates, desk, morning, offers, reminders


@shared_task(acks_late=True)
def lottery_draw_due() -> int:
    """Every minute: draw each center's lottery once its local cutoff has passed."""
    return morning.lottery_draw_due()


@shared_task(acks_late=True)
def offers_expire() -> int:
    """Every 30 s: expire SMS offers past their time and offer the job to the next worker."""
    return offers.offers_expire()


@shared_task(acks_late=True)
def desk_scans_prune() -> int:
    """Nightly: forget the desk's scan keys once no retry can come (two days)."""
    return desk.desk_scans_prune()


@shared_task(acks_late=True)
def certificate_expiry_notices() -> int:
    """Daily: text workers whose certificates expire soon (once per certificate)."""
    return certificates.certificate_expiry_notices_send()


def job_reminders_send() -> int:
    """Every 5 minutes: remind the workers and employer of each filled job starting soon."""
    return reminders.job_reminders_send()
