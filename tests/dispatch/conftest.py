"""Fixtures for the morning loop: workers signed in and drawn (``at`` and ``outbox``, the
clock at the center and the real SMS outbox, are in ``tests/conftest.py``)."""

from __future__ import annotations

import pytest

from dispatch.models import SignIn
from dispatch.services import morning
from tests import factories


@pytest.fixture
def queue_of(center, at):
    """``queue_of(3)``: that many workers signed in this morning, drawn, in line in order."""

    def make(count, **fields):
        fields.setdefault("preferred_language", "en")
        workers = factories.WorkerFactory.create_batch(count, center=center, **fields)
        for minute, worker in enumerate(workers):
            morning.signin_create(center=center, badge=worker.badge, now=at(f"06:{10 + minute}"))
        morning.lottery_draw(center=center, now=at("07:30"))
        for position, worker in enumerate(workers, 1):
            SignIn.objects.filter(worker=worker).update(position=position)
        return workers

    return make


@pytest.fixture
def morning_of(center, at):
    """Sign workers in (in the given order) and draw; the queue follows the list's order."""

    def make(*workers, center=center):
        for minute, worker in enumerate(workers):
            morning.signin_create(center=center, badge=worker.badge, now=at(f"06:{10 + minute}"))
        morning.lottery_draw(center=center, now=at("07:30"))
        for position, worker in enumerate(workers, 1):
            SignIn.objects.filter(worker=worker).update(position=position)
        return list(workers)

    return make
