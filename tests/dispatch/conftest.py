from __future__ import annotations

import pytest

from sms.models import Message


@pytest.fixture
def texts(db):
    """The SMS the code queued: (kind, worker) of each outbox row, oldest first."""

    def sent(kind: str | None = None) -> list[Message]:
        rows = Message.objects.filter(direction=Message.Direction.OUTBOUND).order_by("pk")
        return list(rows.filter(kind=kind) if kind else rows)

    return sent
