"""Fixtures for the morning loop: a clock at the center, and the real SMS outbox."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from sms.models import Message


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
