"""Fixtures for the morning loop: a clock at the center, and the real SMS outbox."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from dispatch.models import SignIn
from dispatch.services import morning
from sms.models import Message
from tests import factories


@pytest.fixture
def at(center):
    """``at("07:10")``: that local time today at the center, as an aware datetime."""

    def make(hhmm: str, day=None) -> datetime:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return center.local_datetime(day or center.today(), time(hours, minutes))

    return make


@pytest.fixture
def outbox():
    """The texts the morning loop queued (sms.services.message_queue, memory backend)."""

    def read(worker=None, kind=None) -> list[Message]:
        messages = Message.objects.filter(direction=Message.Direction.OUTBOUND).order_by("pk")
        if worker is not None:
            messages = messages.filter(worker=worker)
        if kind is not None:
            messages = messages.filter(kind=kind)
        return list(messages)

    return read


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
