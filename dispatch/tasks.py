"""Celery tasks of the dispatch app: thin, they call one service."""

from __future__ import annotations

from celery import shared_task

from .stats import stats_rollup as _stats_rollup


@shared_task(acks_late=True)
def stats_rollup() -> int:
    """Nightly: recompute yesterday's and today's report rows for every center."""
    return _stats_rollup()
