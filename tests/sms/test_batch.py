"""Texts queued together go to the workers in batches (``sms.services.outbox_batch``): one
task per batch and priority, each text sent once under the same rules as a text sent alone,
through the real Twilio SDK against the fake Twilio."""

from __future__ import annotations

from datetime import date

import pytest
from celery.signals import task_prerun

from sms import services
from sms.catalog import Kind
from sms.models import Message
from sms.tasks import sms_send_batch
from tests import factories
from tests.sms.test_client import OFFER

Status = Message.Status


@pytest.fixture
def ran():
    """The sending tasks that ran, with their arguments, in order."""
    seen: list[tuple[str, object]] = []

    def record(sender=None, args=None, **kwargs):
        if sender.name.startswith("sms.tasks.sms_send"):
            seen.append((sender.name.rsplit(".", 1)[1], args[0]))

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def members(center, count, first=0):
    return [
        factories.WorkerFactory(center=center, phone=f"+1909557{n:04d}", preferred_language="es")
        for n in range(first, first + count)
    ]


def lottery_text(center, worker, number):
    return services.message_queue(
        center=center,
        worker=worker,
        kind=Kind.LOTTERY_NUMBER,
        context={"number": number, "day": date(2026, 12, 1)},
    )


def offer_text(center, worker):
    return services.message_queue(center=center, worker=worker, kind=Kind.OFFER, context=OFFER)


def test_texts_queued_together_go_in_batches_offers_first_each_sent_once(
    center, fake_twilio, settings, ran, django_capture_on_commit_callbacks
):
    settings.SMS_BATCH_SIZE = 3
    lottery, offered = members(center, 7), members(center, 2, first=7)
    with django_capture_on_commit_callbacks(execute=True), services.outbox_batch():
        texts = [lottery_text(center, w, n + 1) for n, w in enumerate(lottery)]
        offers = [offer_text(center, w) for w in offered]
    ids = [t.pk for t in texts]
    assert (
        ran
        == [
            ("sms_send_batch", [o.pk for o in offers]),  # the urgent batch is queued first
            ("sms_send_batch", ids[0:3]),
            ("sms_send_batch", ids[3:6]),
            ("sms_send", ids[6]),  # one left over goes as a text alone
        ]
    )
    assert Message.objects.filter(status=Status.SENT).count() == 9
    bodies = [post.form["Body"] for post in fake_twilio.posts()]
    assert sorted(bodies) == sorted(Message.objects.values_list("body", flat=True))
    assert [post.form["To"] for post in fake_twilio.posts()][2:5] == [
        str(w.phone) for w in lottery[:3]
    ]  # a batch sends in the order its texts were queued


def test_outside_a_batch_each_text_has_its_own_task(
    center, fake_twilio, ran, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        texts = [lottery_text(center, w, n + 1) for n, w in enumerate(members(center, 2))]
    assert ran == [("sms_send", texts[0].pk), ("sms_send", texts[1].pk)]


def test_a_batch_delivered_twice_sends_nothing_twice(center, fake_twilio):
    texts = [lottery_text(center, w, n + 1) for n, w in enumerate(members(center, 4))]
    ids = [t.pk for t in texts]
    first = services.outbound_send_batch(message_ids=ids)
    again = services.outbound_send_batch(message_ids=ids)  # as after a lost ack
    assert (first.later, first.rest, again.later, again.rest) == ([], [], [], [])
    assert len(fake_twilio.posts()) == 4
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_text_twilio_turns_away_for_now_is_tried_again_alone(center, fake_twilio, ran):
    texts = [lottery_text(center, w, n + 1) for n, w in enumerate(members(center, 3))]
    fake_twilio.script("429")  # the first request only
    sms_send_batch.delay([t.pk for t in texts])  # eager: the retry runs at once
    assert ran == [("sms_send_batch", [t.pk for t in texts]), ("sms_send", texts[0].pk)]
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(fake_twilio.posts(to=str(texts[0].to_number))) == 2
    assert Message.objects.get(pk=texts[0].pk).attempts == 2
    assert len(fake_twilio.posts()) == 4


def test_a_batch_out_of_time_sends_one_and_hands_the_rest_to_another(center, fake_twilio, settings):
    settings.SMS_BATCH_SECONDS = 0
    texts = [lottery_text(center, w, n + 1) for n, w in enumerate(members(center, 3))]
    outcome = services.outbound_send_batch(message_ids=[t.pk for t in texts])
    assert outcome.rest == [texts[1].pk, texts[2].pk]
    assert len(fake_twilio.posts()) == 1
    assert Message.objects.get(pk=texts[1].pk).status == Status.QUEUED


def test_an_opted_out_number_in_a_batch_is_skipped_and_the_rest_go(center, fake_twilio):
    workers = members(center, 3)
    texts = [lottery_text(center, w, n + 1) for n, w in enumerate(workers)]
    services.opt_out_record(
        center=center, phone=str(workers[1].phone), keyword="ALTO", source="sms"
    )
    services.outbound_send_batch(message_ids=[t.pk for t in texts])
    assert [post.form["To"] for post in fake_twilio.posts()] == [
        str(workers[0].phone),
        str(workers[2].phone),
    ]
    assert Message.objects.get(pk=texts[1].pk).status == Status.FAILED
