"""Hand work to Celery once the caller's transaction has committed.

A broker that is down must not turn a committed request into an error: the work stays
recorded in the database (an outbox row, a stale summary row) and a periodic sweeper or
rollup picks it up. Kombu raises several exception types for an unreachable broker, so
every failure to enqueue is logged and swallowed here, in one place.

The publish is tried once (``retry=False``): Celery's default retry policy would hold the
request about 0.6 s per enqueue while the broker refuses connections, for nothing, since
the sweeper delivers anyway.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from celery import current_app
from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_now(task: Any, *args: Any, recovery: str, **options: Any) -> bool:
    """``task.apply_async(args, **options)`` tried once; False (logged) when the broker did
    not take it. ``recovery`` says what repairs a lost enqueue."""
    try:
        task.apply_async(args, retry=False, **options)
    except Exception as exc:
        log.warning("%s not enqueued (%s); %s", task.name, type(exc).__name__, recovery)
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any, recovery: str, **options: Any) -> None:
    """``enqueue_now`` once the caller's transaction has committed."""
    transaction.on_commit(lambda: enqueue_now(task, *args, recovery=recovery, **options))


def enqueue_by_name(name: str, *args: Any, recovery: str, **options: Any) -> None:
    """``enqueue_on_commit`` for the task registered as ``name``: how an app asks one above
    it for work without importing it (the layers import downward only)."""
    transaction.on_commit(
        lambda: enqueue_now(current_app.tasks[name], *args, recovery=recovery, **options)
    )


def stats_touch(*, center_id: int, day: date) -> None:
    """Services call this after a write that changes a center-day's numbers: once the
    transaction commits, ``reports`` recomputes that center-day (the request does not wait)."""
    enqueue_by_name(
        "reports.tasks.stats_refresh",
        center_id,
        day.isoformat(),
        recovery="the nightly rollup will",
    )
