"""Twilio's webhooks: signatures checked before anything is written, idempotent on MessageSid."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from sms.catalog import Kind
from sms.client import signature_compute
from sms.models import Message, StatusEvent

TOKEN = "webhook-test-token"
BASE = "https://jornada.example.org"
INBOUND = "/sms/twilio/inbound/"
STATUS = "/sms/twilio/status/"


@pytest.fixture(autouse=True)
def _twilio_token(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SMS_PUBLIC_BASE_URL = BASE


def sign(path, params, token=TOKEN):
    return signature_compute(token=token, url=BASE + path, params=params)


def post(path, params, signature=None):
    headers = {} if signature is None else {"HTTP_X_TWILIO_SIGNATURE": signature}
    return Client().post(path, params, **headers)


def inbound_params(center, worker, body="hola", sid="SM" + "a" * 32):
    return {
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": str(worker.phone),
        "To": str(center.sms_number),
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }


def test_a_signed_inbound_text_is_recorded_and_answered_through_the_outbox(center, worker):
    params = inbound_params(center, worker, body="AYUDA")
    response = post(INBOUND, params, sign(INBOUND, params))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    assert b"<Response></Response>" in response.content
    received = Message.objects.get(direction="in")
    assert (received.worker, received.body, received.kind) == (worker, "AYUDA", "reply:help")
    assert Message.objects.get(direction="out").kind == Kind.HELP


def test_an_unsigned_request_is_refused_and_writes_nothing(center, worker):
    assert post(INBOUND, inbound_params(center, worker)).status_code == 403
    assert not Message.objects.exists()


def test_a_wrong_signature_is_refused(center, worker):
    params = inbound_params(center, worker)
    assert post(INBOUND, params, sign(INBOUND, params, token="other")).status_code == 403
    assert not Message.objects.exists()


def test_a_tampered_body_is_refused(center, worker):
    params = inbound_params(center, worker, body="2")
    signature = sign(INBOUND, params)
    assert post(INBOUND, params | {"Body": "1"}, signature).status_code == 403
    assert not Message.objects.exists()


def test_a_parameter_added_after_signing_is_refused(center, worker):
    params = inbound_params(center, worker)
    signature = sign(INBOUND, params)
    assert post(INBOUND, params | {"Extra": "x"}, signature).status_code == 403
    assert not Message.objects.exists()


def test_a_signature_for_another_url_is_refused(center, worker):
    params = inbound_params(center, worker)
    assert post(INBOUND, params, sign(STATUS, params)).status_code == 403


def test_without_a_token_every_request_is_refused(center, worker, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    settings.SMS_SIMULATOR = False
    params = inbound_params(center, worker)
    assert post(INBOUND, params, sign(INBOUND, params, token="")).status_code == 403
    assert not Message.objects.exists()


def test_the_webhooks_take_only_post(center):
    assert Client().get(INBOUND).status_code == 405
    assert Client().get(STATUS).status_code == 405


def test_new_twilio_parameters_are_part_of_the_signature(center, worker):
    params = inbound_params(center, worker) | {"SmsStatus": "received", "ApiVersion": "2010-04-01"}
    assert post(INBOUND, params, sign(INBOUND, params)).status_code == 200


def sent(center, worker, sid="SM" + "b" * 32):
    message = Message.objects.create(
        center=center,
        direction="out",
        worker=worker,
        to_number=worker.phone,
        from_number=center.sms_number,
        kind=Kind.OFFER,
        body="x",
        status=Message.Status.SENT,
        provider_sid=sid,
    )
    return message


def status_post(sid, status, error_code=None):
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
    if error_code:
        params["ErrorCode"] = error_code
    return post(STATUS, params, sign(STATUS, params))


def test_delivered_before_sent_ends_delivered(center, worker):
    message = sent(center, worker)
    assert status_post(message.provider_sid, "delivered").status_code == 200
    assert status_post(message.provider_sid, "sent").status_code == 200
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED


def test_an_error_code_is_stored(center, worker):
    message = sent(center, worker)
    status_post(message.provider_sid, "undelivered", "30006")
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("undelivered", "30006")


def test_an_unsigned_status_is_refused_and_writes_nothing(center, worker):
    message = sent(center, worker)
    params = {"MessageSid": message.provider_sid, "MessageStatus": "delivered"}
    assert post(STATUS, params).status_code == 403
    assert not StatusEvent.objects.exists()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_an_unknown_status_is_answered_200_and_ignored(center, worker):
    message = sent(center, worker)
    assert status_post(message.provider_sid, "read").status_code == 200
    assert not StatusEvent.objects.exists()


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    codes = []

    def run():
        try:
            barrier.wait()
            codes.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_inbound_message_posted_by_ten_threads_has_one_effect(center, worker):
    params = inbound_params(center, worker, body="ALTO")
    signature = sign(INBOUND, params)
    codes = run_in_threads(10, lambda: post(INBOUND, params, signature).status_code)
    assert codes == [200] * 10
    assert Message.objects.filter(direction="in").count() == 1
    assert list(Message.objects.filter(direction="out").values_list("kind", flat=True)) == [
        Kind.OPTED_OUT
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_status_posted_by_ten_threads_counts_once(center, worker):
    message = sent(center, worker)
    codes = run_in_threads(10, lambda: status_post(message.provider_sid, "delivered").status_code)
    assert codes == [200] * 10
    assert StatusEvent.objects.count() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
