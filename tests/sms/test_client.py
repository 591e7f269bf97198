"""The Twilio backend, through the real SDK, against the fake Twilio server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sms import services
from sms.catalog import Kind
from sms.models import Message, OptOut
from sms.tasks import sms_send
from tests.sms.fake_twilio import ACCOUNT_SID

Status = Message.Status
OFFER = {
    "what": "Pintura",
    "day": "vie 27/11",
    "start": "8am",
    "wage": "25",
    "hours": "8",
    "place": "Pomona",
    "minutes": "10",
}


def queue(center, worker, **kw):
    return services.message_queue(
        center=center, worker=worker, kind=Kind.OFFER, context=OFFER, **kw
    )


def test_a_message_reaches_twilio_with_account_auth_fields_and_callback(
    center, worker, fake_twilio
):
    message = queue(center, worker, validity_seconds=600)
    services.outbound_send(message_id=message.pk)

    [post] = fake_twilio.posts()
    assert post.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert post.authorized
    assert post.form["To"] == "+19095550142"
    assert post.form["From"] == str(center.sms_number)
    assert post.form["Body"] == message.body
    assert post.form["StatusCallback"] == "https://jornada.example.org/sms/twilio/status/"
    assert post.form["ValidityPeriod"] == "600"
    message.refresh_from_db()
    assert (message.status, message.provider_sid) == (Status.SENT, post.sid)


def test_the_fake_refuses_a_wrong_token(center, worker, fake_twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "wrong"
    message = queue(center, worker)
    services.outbound_send(message_id=message.pk)
    [post] = fake_twilio.posts()
    assert not post.authorized
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.FAILED, "20003")


def test_a_message_without_validity_sends_none(center, worker, fake_twilio):
    message = queue(center, worker)
    services.outbound_send(message_id=message.pk)
    assert "ValidityPeriod" not in fake_twilio.posts()[0].form


@pytest.mark.parametrize("outcome", ["429", "500"])
def test_a_transient_error_puts_the_message_back_in_the_queue(center, worker, fake_twilio, outcome):
    fake_twilio.script(outcome)
    message = queue(center, worker)
    with pytest.raises(services.RetryLater) as raised:
        services.outbound_send(message_id=message.pk)
    # The first retry waits between 1 and 2 s: backoff with jitter (sms.services.retry_delay).
    assert 1 <= raised.value.delay <= 2
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert message.next_attempt_at > timezone.now()
    services.outbound_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert len(fake_twilio.posts()) == 2
    assert len(fake_twilio.accepted()) == 1


def test_the_task_retries_transient_errors_until_twilio_takes_the_message(
    center, worker, fake_twilio
):
    fake_twilio.script("429", "500", "201")
    message = queue(center, worker)
    sms_send.delay(message.pk)  # eager: retries run at once
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 3)


def test_retries_stop_after_the_last_attempt(center, worker, fake_twilio, settings):
    settings.SMS_MAX_ATTEMPTS = 3
    fake_twilio.default = "500"
    message = queue(center, worker)
    sms_send.delay(message.pk)
    message.refresh_from_db()
    assert (message.status, message.error_code, message.attempts) == (Status.FAILED, "20500", 3)
    assert len(fake_twilio.posts()) == 3


@pytest.mark.parametrize("outcome", ["21211", "30006"])
def test_a_permanent_error_is_never_retried(center, worker, fake_twilio, outcome):
    fake_twilio.script(outcome)
    message = queue(center, worker)
    sms_send.delay(message.pk)
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.FAILED, outcome)
    assert len(fake_twilio.posts()) == 1


def test_error_21610_marks_the_worker_opted_out(center, worker, fake_twilio):
    fake_twilio.script("21610")
    message = queue(center, worker)
    later = queue(center, worker)
    sms_send.delay(message.pk)
    worker.refresh_from_db()
    later.refresh_from_db()
    assert worker.sms_opted_out_at is not None
    assert OptOut.objects.get(center=center, phone=worker.phone).source == "provider"
    assert (later.status, later.error_code) == (Status.FAILED, "opted_out")
    assert queue(center, worker) is None


def test_a_refused_connection_is_transient(center, worker, fake_twilio, settings):
    settings.TWILIO_API_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    message = queue(center, worker)
    with pytest.raises(services.RetryLater):
        services.outbound_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.QUEUED, "connect")


def test_a_timeout_leaves_the_message_sending_and_the_sweeper_finds_it_at_twilio(
    center, worker, fake_twilio
):
    fake_twilio.script("timeout")
    message = queue(center, worker)
    services.outbound_send(message_id=message.pk)  # the client gives up after 1 s
    message.refresh_from_db()
    assert (message.status, message.provider_sid) == (Status.SENDING, None)
    fake_twilio.release()  # Twilio did take it
    sms_send.delay(message.pk)  # a redelivered task does not send it again
    Message.objects.filter(pk=message.pk).update(sending_at=timezone.now() - timedelta(hours=1))
    assert services.outbox_sweep()["reconciled"] == 1
    message.refresh_from_db()
    [accepted] = fake_twilio.accepted()
    assert (message.status, message.provider_sid) == (Status.SENT, accepted.sid)
    assert len(fake_twilio.posts()) == 1


def test_the_sweeper_fetches_the_status_of_a_message_twilio_accepted(center, worker, fake_twilio):
    message = queue(center, worker)
    services.outbound_send(message_id=message.pk)
    message.refresh_from_db()
    fake_twilio.messages[message.provider_sid]["status"] = "delivered"
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENDING, sending_at=timezone.now() - timedelta(hours=1)
    )
    services.outbox_sweep()
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
