"""Periodic work of the centers app."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def decisions_apply_due() -> int:
    """Assembly decisions whose effective date has come at their center take effect."""
    return services.decisions_apply_due()
