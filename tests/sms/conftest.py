from __future__ import annotations

import pytest

from sms import backends
from tests import factories
from tests.sms.fake_twilio import FakeTwilio


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


@pytest.fixture
def fake_twilio(settings):
    """The real Twilio SDK pointed at a fake Twilio on 127.0.0.1."""
    fake = FakeTwilio().start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = fake.account_sid
    settings.TWILIO_AUTH_TOKEN = fake.auth_token
    settings.TWILIO_API_BASE_URL = fake.url
    settings.TWILIO_TIMEOUT_SECONDS = 1.0
    settings.SMS_PUBLIC_BASE_URL = "https://jornada.example.org"
    yield fake
    fake.stop()
