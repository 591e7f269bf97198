"""Thin Celery tasks of the wages app; each calls one service."""

from __future__ import annotations

from celery import shared_task

from wages.services import ledger


@shared_task(acks_late=True)
def payment_checks_send() -> int:
    """Hourly: the next-day "were you paid in full?" texts (each sent once)."""
    return ledger.payment_checks_send()
