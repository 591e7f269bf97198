"""Logs of a whole offer → reply flow hold no phone number and no message body."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import Client

from centers.logmask import MaskPersonalDataFilter
from sms import replies, services
from sms.catalog import Kind
from sms.client import signature_compute
from sms.models import Message

BASE = "https://jornada.example.org"
PHONE_FORMS = ("+19095550142", "19095550142", "9095550142", "555-0142", "5550142")


@pytest.fixture
def all_logs(settings):
    """Everything logged, at every level, as the configured handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalDataFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    loud = [logging.getLogger(n) for n in ("twilio.http_client", "django", "celery", "sms")]
    saved = [(root.level, None)] + [(lg.level, lg) for lg in loud]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for lg in loud:
        lg.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(saved[0][0])
    for level, lg in saved[1:]:
        lg.setLevel(level)


def signed_post(path, params):
    signature = signature_compute(token="flow-token", url=BASE + path, params=params)
    return Client().post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


def test_an_offer_and_its_reply_leave_no_phone_or_body_in_the_logs(
    center, worker, fake_twilio, settings, monkeypatch, caplog, all_logs,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.TWILIO_AUTH_TOKEN = "flow-token"  # the fake checks it too
    fake_twilio.auth_token = "flow-token"
    settings.SMS_PUBLIC_BASE_URL = BASE
    caplog.set_level(logging.DEBUG)

    def handler(*, worker, intent, message):
        services.message_queue(
            center=worker.center,
            worker=worker,
            kind=Kind.ASSIGNMENT_DETAILS,
            context={
                "what": "Jardinería",
                "day": "sab 28/11",
                "start": "7am",
                "wage": "22",
                "address": "123 Calle Secreta",
                "employer": "Señora Robles",
                "center_phone": "(909) 555-0100",
            },
        )

    monkeypatch.setattr(replies, "_handler", handler)
    offer = {
        "what": "Jardinería",
        "day": "sab 28/11",
        "start": "7am",
        "wage": "22",
        "hours": "6",
        "place": "Claremont",
        "minutes": "10",
    }
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_queue(
            center=center, worker=worker, kind=Kind.OFFER, context=offer
        )
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    status = {"MessageSid": message.provider_sid, "MessageStatus": "delivered"}
    assert signed_post("/sms/twilio/status/", status).status_code == 200
    inbound = {
        "MessageSid": "SM" + "c" * 32,
        "From": str(worker.phone),
        "To": str(center.sms_number),
        "Body": "Sí.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_post("/sms/twilio/inbound/", inbound).status_code == 200
    assert Message.objects.filter(kind=Kind.ASSIGNMENT_DETAILS, status="sent").exists()
    assert len(fake_twilio.accepted()) == 2
    services.outbox_sweep()

    written = all_logs.getvalue()
    assert "sms #" in written  # the flow did log
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("sms"))
    for text in (written, ours):
        for phone in PHONE_FORMS:
            assert phone not in text
        for body_part in ("Jardineria", "Jardinería", "Calle Secreta", "Robles", "Sí."):
            assert body_part not in text
