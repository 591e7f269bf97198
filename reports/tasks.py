"""Thin Celery tasks of the reports app: the nightly rollup and the refresh of one center-day
(queued by name, ``centers.queue.stats_touch``, by the apps below)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from centers.queue import stats_pending_clear
from reports import stats


@shared_task(acks_late=True)
def stats_rollup() -> int:
    """Nightly: recompute yesterday's and today's report rows for every center."""
    return stats.stats_rollup()


@shared_task(acks_late=True)
def stats_refresh(center_id: int, day: str) -> None:
    """After writes: recompute one center-day of report rows (idempotent). The pending mark
    goes first, so a write committed from here on schedules another refresh."""
    day_ = date.fromisoformat(day)
    stats_pending_clear(center_id=center_id, day=day_)
    stats.stats_refresh(center_id=center_id, day=day_)
