"""Fixtures for the morning loop: a clock at the center, and the SMS outbox."""

from __future__ import annotations

import sys
import types
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


@pytest.fixture(autouse=True)
def sms_sent(monkeypatch):
    """Messages the morning loop queued, as (worker, kind, context); the SMS boundary only.

    Writes real outbox rows so offers can point at them; None when a worker cannot be texted,
    as ``sms.services.message_queue`` does."""
    sent: list[tuple[object, str, dict]] = []

    def message_queue(*, center, worker, kind, context, offer_id=None, validity_seconds=None):
        if not worker.sms_reachable:
            return None
        sent.append((worker, kind, context))
        return Message.objects.create(
            center=center,
            direction=Message.Direction.OUTBOUND,
            worker=worker,
            to_number=worker.phone,
            kind=kind,
            body=str(context),
            validity_seconds=validity_seconds,
        )

    try:
        import sms.services as module
    except ImportError:
        module = types.ModuleType("sms.services")
        monkeypatch.setitem(sys.modules, "sms.services", module)
    monkeypatch.setattr(module, "message_queue", message_queue, raising=False)
    return sent


def kinds(sent, worker=None) -> list[str]:
    return [kind for w, kind, _ in sent if worker is None or w.pk == worker.pk]
