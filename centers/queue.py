"""Hand work to Celery once the caller's transaction has committed.

A broker that is down must not turn a committed request into an error: the work stays
recorded in the database (an outbox row, a stale summary row) and a periodic sweeper or
rollup picks it up. Kombu raises several exception types for an unreachable broker, so
every failure to enqueue is logged and swallowed here, in one place.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any, recovery: str) -> None:
    """``task.delay(*args)`` after commit; ``recovery`` says what repairs a lost enqueue."""

    def enqueue() -> None:
        try:
            task.delay(*args)
        except Exception as exc:
            log.warning("%s not enqueued (%s); %s", task.name, type(exc).__name__, recovery)

    transaction.on_commit(enqueue)
