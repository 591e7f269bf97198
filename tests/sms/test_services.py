from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sms import backends, replies, services
from sms.backends import SendResult
from sms.catalog import Kind
from sms.models import Message, OptOut
from tests import factories

Status = Message.Status


catalog_offer = {
    "what": "Jardinería",
    "day": "sab 28/11",
    "start": "7am",
    "wage": "22",
    "hours": "6",
    "place": "Claremont",
    "minutes": "10",
}


def queue(center, worker, kind=Kind.OFFER, context=None, **kw):
    return services.message_queue(
        center=center, worker=worker, kind=kind, context=context or catalog_offer, **kw
    )


def test_a_queued_message_is_rendered_in_the_workers_language_and_sent_after_commit(
    center, worker, english_worker, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        spanish = queue(center, worker, offer_id=7, validity_seconds=600)
        english = queue(center, english_worker)
        assert outbox == []  # nothing leaves before the commit
    spanish.refresh_from_db()
    english.refresh_from_db()
    assert spanish.body.startswith("Trabajo: Jardineria")
    assert english.body.startswith("Job: Jardineria")
    assert (spanish.language, spanish.encoding, spanish.segments) == ("es", "GSM-7", 1)
    assert spanish.offer_id == 7
    assert spanish.status == Status.SENT
    assert spanish.provider_sid
    assert spanish.sent_at
    assert [o.to for o in outbox] == ["+19095550142", "+19095550143"]
    assert outbox[0].validity_seconds == 600
    assert outbox[0].status_callback == "http://127.0.0.1:8000/sms/twilio/status/"
    assert outbox[0].from_ == str(center.sms_number)


@pytest.mark.parametrize(
    "change",
    [
        {"phone": ""},
        {"sms_consent_at": None},
        {"sms_opted_out_at": timezone.now()},
    ],
)
def test_a_worker_without_phone_consent_or_with_opt_out_gets_nothing(center, change):
    worker = factories.WorkerFactory(center=center, **change)
    assert queue(center, worker) is None
    assert not Message.objects.exists()


def test_a_number_opted_out_at_the_center_gets_nothing(center, worker):
    OptOut.objects.create(
        center=center, phone=worker.phone, source="reply", opted_out_at=timezone.now()
    )
    assert queue(center, worker) is None


def test_a_worker_of_another_center_is_refused(center, other_center):
    stranger = factories.WorkerFactory(center=other_center)
    with pytest.raises(ValueError, match="another center"):
        queue(center, stranger)


def test_a_message_is_sent_once_even_when_its_task_runs_twice(center, worker, outbox):
    message = queue(center, worker)
    services.outbound_send(message_id=message.pk)
    services.outbound_send(message_id=message.pk)
    assert len(outbox) == 1


def test_a_queued_message_to_a_number_that_opted_out_meanwhile_is_not_sent(center, worker, outbox):
    message = queue(center, worker)
    OptOut.objects.create(
        center=center, phone=worker.phone, source="reply", opted_out_at=timezone.now()
    )
    services.outbound_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.FAILED, "opted_out")
    assert outbox == []


# --- delivery reports ---------------------------------------------------------------


def sent_message(center, worker, sid="SM" + "1" * 32):
    message = queue(center, worker)
    Message.objects.filter(pk=message.pk).update(status=Status.SENT, provider_sid=sid)
    return message


def test_delivered_before_sent_ends_delivered(center, worker):
    message = sent_message(center, worker)
    services.status_record(sid="SM" + "1" * 32, status="delivered")
    services.status_record(sid="SM" + "1" * 32, status="sent")
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.delivered_at


def test_a_final_status_is_never_replaced(center, worker):
    message = sent_message(center, worker)
    services.status_record(sid="SM" + "1" * 32, status="undelivered", error_code="30006")
    services.status_record(sid="SM" + "1" * 32, status="delivered")
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.UNDELIVERED, "30006")


def test_the_same_report_twice_counts_once(center, worker):
    sent_message(center, worker)
    assert services.status_record(sid="SM" + "1" * 32, status="delivered") is True
    assert services.status_record(sid="SM" + "1" * 32, status="delivered") is False


def test_a_report_that_arrives_before_the_sid_is_stored_is_applied_later(
    center, worker, monkeypatch
):
    monkeypatch.setattr(backends.memory, "send", lambda outgoing: SendResult(sid="SMearly"))
    message = queue(center, worker)
    services.status_record(sid="SMearly", status="delivered")
    services.outbound_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.provider_sid, message.status) == ("SMearly", Status.DELIVERED)


def test_error_21610_in_a_report_opts_the_number_out(center, worker):
    sent_message(center, worker)
    services.status_record(sid="SM" + "1" * 32, status="failed", error_code="21610")
    worker.refresh_from_db()
    assert worker.sms_opted_out_at is not None
    assert OptOut.objects.filter(center=center, phone=worker.phone, source="provider").exists()


# --- replies ------------------------------------------------------------------------


def inbound(center, phone, body, sid="SM" + "9" * 32):
    return services.inbound_receive(
        params={"MessageSid": sid, "To": str(center.sms_number), "From": phone, "Body": body}
    )


def replies_to(phone):
    return list(
        Message.objects.filter(direction="out", to_number=phone)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_stop_in_spanish_opts_out_with_one_confirmation_and_nothing_after(center, worker):
    pending = queue(center, worker)
    inbound(center, worker.phone, "ALTO", sid="SMa")
    inbound(center, worker.phone, "alto", sid="SMb")
    inbound(center, worker.phone, "ayuda", sid="SMc")
    inbound(center, worker.phone, "hola", sid="SMd")
    worker.refresh_from_db()
    pending.refresh_from_db()
    assert worker.sms_opted_out_at is not None
    assert pending.status == Status.FAILED
    assert pending.error_code == "opted_out"
    assert replies_to(worker.phone) == [Kind.OFFER, Kind.OPTED_OUT]
    assert queue(center, worker) is None


def test_start_after_stop_opts_back_in_with_one_confirmation(center, worker):
    inbound(center, worker.phone, "STOP", sid="SMa")
    inbound(center, worker.phone, "Inicio", sid="SMb")
    worker.refresh_from_db()
    assert worker.sms_opted_out_at is None
    assert not OptOut.objects.exists()
    assert replies_to(worker.phone) == [Kind.OPTED_OUT, Kind.OPTED_IN]
    confirmation = Message.objects.filter(kind=Kind.OPTED_IN).get()
    assert "INICIO" not in confirmation.body
    assert "ALTO" in confirmation.body


def test_help_answers_in_the_workers_language(center, english_worker):
    inbound(center, english_worker.phone, "ayuda")
    help_message = Message.objects.get(kind=Kind.HELP)
    assert "job offers by text" in help_message.body


def test_an_unknown_reply_gets_the_short_bilingual_help(center, worker):
    inbound(center, worker.phone, "STOP PLEASE")
    answer = Message.objects.get(kind=Kind.UNKNOWN_REPLY)
    assert "Responde 1" in answer.body
    assert "Reply 1" in answer.body
    assert Message.objects.get(direction="in").kind == "reply:unknown"


def test_a_job_reply_goes_to_the_registered_handler(center, worker, monkeypatch):
    seen = []

    def handler(*, worker, intent, message):
        seen.append((worker.pk, intent, message.body))

    monkeypatch.setattr(replies, "_handler", handler)
    inbound(center, worker.phone, "Sí.")
    assert seen == [(worker.pk, "accept", "Sí.")]
    assert replies_to(worker.phone) == []


def test_a_job_reply_nobody_waited_for_gets_the_short_help(center, worker, monkeypatch):
    monkeypatch.setattr(replies, "_handler", lambda **kw: "no pending offer")
    inbound(center, worker.phone, "1")
    assert replies_to(worker.phone) == [Kind.UNKNOWN_REPLY]


def test_an_inbound_message_is_recorded_once(center, worker):
    assert inbound(center, worker.phone, "hola") is not None
    assert inbound(center, worker.phone, "hola") is None
    assert Message.objects.filter(direction="in").count() == 1
    assert replies_to(worker.phone) == [Kind.UNKNOWN_REPLY]


def test_a_reply_is_routed_by_the_centers_number(center, other_center, worker):
    twin = factories.WorkerFactory(center=other_center, phone=worker.phone)
    inbound(other_center, worker.phone, "STOP")
    twin.refresh_from_db()
    worker.refresh_from_db()
    assert twin.sms_opted_out_at is not None
    assert worker.sms_opted_out_at is None


def test_a_text_to_an_unknown_center_number_is_ignored(center, worker):
    assert (
        services.inbound_receive(
            params={
                "MessageSid": "SMx",
                "To": "+15005550006",
                "From": str(worker.phone),
                "Body": "1",
            }
        )
        is None
    )
    assert not Message.objects.exists()


def test_stop_from_a_number_of_no_worker_is_honoured(center):
    inbound(center, "+13105550199", "STOP")
    assert OptOut.objects.filter(center=center, phone="+13105550199").exists()
    assert replies_to("+13105550199") == [Kind.OPTED_OUT]


# --- the sweeper --------------------------------------------------------------------


def test_the_sweeper_sends_what_the_broker_lost(center, worker, outbox):
    message = queue(center, worker)  # its on-commit task never ran
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert services.outbox_sweep()["requeued"] == 1
    assert services.outbox_sweep()["requeued"] == 0  # not handed out twice in a row


def test_the_sweeper_fails_a_message_of_unknown_outcome_it_cannot_find(center, worker, outbox):
    message = queue(center, worker)
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENDING, sending_at=timezone.now() - timedelta(hours=1)
    )
    assert services.outbox_sweep()["reconciled"] == 1
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.FAILED, "unknown")
    assert outbox == []


def test_erasing_a_worker_blanks_their_texts_and_number(center, center_admin):
    from workers.services import worker_erase

    worker = factories.WorkerFactory(center=center, phone="+19095550142")
    for direction, to, sender in (
        ("out", worker.phone, center.sms_number),
        ("in", center.sms_number, worker.phone),
    ):
        Message.objects.create(
            center=center,
            worker=worker,
            direction=direction,
            to_number=to,
            from_number=sender,
            body="Trabajo: pintar",
        )
    worker_erase(worker=worker, by=center_admin)
    for message in Message.objects.filter(worker=worker):
        assert message.body == ""
        assert "0142" not in f"{message.to_number}{message.from_number}"
    assert Message.objects.filter(worker=worker).count() == 2


# --- how texts name the center --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Pomona", "Pomona"),
        ("Pomona Economic Opportunity Center", "Pomona EOC"),
        ("Centro Laboral de Graton", "Centro LG"),
        ("Graton Day Labor Center", "Graton DLC"),
        ("Instituto de Educación Popular del Sur de California", "Instituto EPSC"),
    ],
)
def test_a_center_without_a_short_sms_name_gets_a_short_form_of_its_name(name, short):
    from centers.models import Center, sms_name_default

    assert sms_name_default(name) == short
    assert len(short) <= 20
    assert Center(name=name).sms_sender_name() == short
    assert Center(name=name, sms_name="PEOC").sms_sender_name() == "PEOC"


@pytest.mark.parametrize(
    ("language", "keyword", "kind", "start"),
    [
        ("es", "AYUDA", Kind.HELP, "Pomona EOC: trabajos por mensaje."),
        ("en", "HELP", Kind.HELP, "Pomona EOC: job offers by text."),
        ("es", "ALTO", Kind.OPTED_OUT, "Pomona EOC: ya no recibiras mensajes."),
        ("en", "STOP", Kind.OPTED_OUT, "Pomona EOC: you will get no more texts."),
    ],
)
def test_texts_name_the_center_by_its_short_sms_name(db, language, keyword, kind, start):
    center = factories.CenterFactory(slug="peoc", name="Pomona Economic Opportunity Center")
    worker = factories.WorkerFactory(
        center=center, phone="+19095550150", preferred_language=language
    )
    inbound(center, str(worker.phone), keyword)
    (answer,) = Message.objects.filter(kind=kind)
    assert answer.body.startswith(start)
    assert "Opportunity" not in answer.body
    center.sms_name = "PEOC Pomona"
    center.save()
    OptOut.objects.all().delete()
    inbound(center, str(worker.phone), keyword, sid="SM" + "8" * 32)
    latest = Message.objects.filter(kind=kind).order_by("-pk").first()
    assert latest.body.startswith("PEOC Pomona:")


# --- message ids --------------------------------------------------------------------


def _memory_sid(_: int) -> str:
    return backends.memory.send(
        backends.Outgoing(to="+19095550142", from_="+19095550100", body="x")
    ).sid


def test_memory_backend_ids_are_twilio_shaped_and_unique_across_worker_processes():
    import multiprocessing
    import re

    with multiprocessing.get_context("fork").Pool(2) as pool:
        sids = pool.map(_memory_sid, range(40), chunksize=1)
    sids += [_memory_sid(0) for _ in range(10)]
    assert all(re.fullmatch(r"SM[0-9a-f]{32}", sid) for sid in sids), sids[:3]
    assert len(set(sids)) == len(sids)
    backends.memory.clear()
