"""kombu's Redis transport, with one Redis client per channel for its acks and bookkeeping.

Out of the box the channel builds a new ``redis.Redis`` (and its table of reply callbacks)
for every ack and every delivery it records, a fifth of a worker's Celery overhead per
task in the SMS profile (``bench/README.md`` §5). A ``redis.Redis`` is safe to share
between threads (each command borrows a connection from the channel's pool), so one per
channel does the same work. Used when the broker is Redis (``CELERY_BROKER_TRANSPORT``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from kombu.transport import redis


class Channel(redis.Channel):
    @cached_property
    def _shared_client(self) -> Any:
        return self._create_client()

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        yield client or self._shared_client


class Transport(redis.Transport):
    Channel = Channel
