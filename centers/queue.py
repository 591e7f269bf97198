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
from functools import lru_cache
from typing import Any

import redis
from celery import current_app
from django.conf import settings
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
    transaction commits, ``reports`` recomputes that center-day (the request does not wait).

    Refreshes are coalesced: the first touch of a center-day schedules one refresh
    ``STATS_REFRESH_COALESCE_SECONDS`` later and marks the center-day pending in Redis;
    touches while it is pending add nothing. The refresh clears the mark before it reads
    (``stats_pending_clear``), so a write after that schedules the next one: the rows
    always catch up with the last write, at most one refresh per center-day per window."""
    transaction.on_commit(lambda: _stats_schedule(center_id, day))


def _stats_key(center_id: int, day: date) -> str:
    return f"stats:pending:{center_id}:{day.isoformat()}"


@lru_cache(maxsize=2)
def _store(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _stats_schedule(center_id: int, day: date) -> None:
    window = settings.STATS_REFRESH_COALESCE_SECONDS
    url = settings.STATS_REDIS_URL
    key = _stats_key(center_id, day)
    first = True
    if window > 0 and url:
        try:  # expires on its own, should the refresh never run (the rollup repairs)
            first = bool(_store(url).set(key, "1", nx=True, ex=int(window) * 5 + 60))
        except redis.RedisError:
            log.warning("stats: Redis unreachable; refreshing %s without coalescing", key)
            url = ""
    if not first:
        return
    queued = enqueue_now(
        current_app.tasks["reports.tasks.stats_refresh"],
        center_id,
        day.isoformat(),
        recovery="the nightly rollup will",
        countdown=max(0, window) if url else 0,
    )
    if not queued and url:
        stats_pending_clear(center_id=center_id, day=day)


def stats_pending_clear(*, center_id: int, day: date) -> None:
    """The refresh of a center-day starts: the next write schedules another."""
    url = settings.STATS_REDIS_URL
    if settings.STATS_REFRESH_COALESCE_SECONDS > 0 and url:
        try:
            _store(url).delete(_stats_key(center_id, day))
        except redis.RedisError:
            log.warning("stats: Redis unreachable; %s left to expire", _stats_key(center_id, day))
