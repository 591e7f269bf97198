"""Celery tasks of the dispatch app: thin, they call one service each."""

from __future__ import annotations

from celery import shared_task

from dispatch.services.ledger import payment_checks_send as payment_checks_send_service


@shared_task(acks_late=True)
def payment_checks_send() -> int:
    """Hourly: the next-day "were you paid in full?" texts (each sent once)."""
    return payment_checks_send_service()
