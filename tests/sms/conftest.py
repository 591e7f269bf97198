from __future__ import annotations

import pytest

from sms import backends
from tests import factories


@pytest.fixture
def outbox():
    """What the memory backend sent during the test."""
    backends.memory.clear()
    yield backends.memory.outbox
    backends.memory.clear()


@pytest.fixture
def worker(center):
    return factories.WorkerFactory(center=center, phone="+19095550142", preferred_language="es")


@pytest.fixture
def english_worker(center):
    return factories.WorkerFactory(center=center, phone="+19095550143", preferred_language="en")
