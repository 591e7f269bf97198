"""Thin Celery tasks of the workers app; each calls one service."""

from __future__ import annotations

from celery import shared_task

from centers.queue import enqueue_by_name

from . import membership


@shared_task(acks_late=True, ignore_result=True)
def membership_nightly() -> int:
    """Expire memberships past their center's grace; then the renewal reminders, which
    ``sms`` sends (by name: the layers import downward only). Both run again harmlessly."""
    expired = membership.memberships_expire()
    enqueue_by_name("sms.tasks.dues_reminders_send", recovery="the next hour's run will")
    return expired
