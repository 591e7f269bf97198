"""Offers by phone call: the TwiML an offer plays in each language case, the signed voice
webhooks (forged ones refused, repeats applied once), recorded prompts and their signed
audio URLs, the prompts page, notices and inbound calls by voice, and the costs."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dispatch.models import Assignment, Offer, SignIn
from dispatch.services import morning, offers
from sms import selectors, services, voice
from sms.client import signature_compute
from sms.models import CallEvent, CallKeypress, Message, VoicePrompt
from tests import factories

TOKEN = "voice-test-token"
BASE = "https://jornada.example.org"
GATHER = "/sms/twilio/voice/gather/"
STATUS = "/sms/twilio/voice/status/"
INBOUND = "/sms/twilio/voice/inbound/"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40


@pytest.fixture(autouse=True)
def _voice_settings(settings, tmp_path):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SMS_PUBLIC_BASE_URL = BASE
    settings.VOICE_PROMPT_ROOT = tmp_path / "prompts"


def signed(path, params, token=TOKEN):
    signature = signature_compute(token=token, url=BASE + path, params=params)
    return Client().post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


def record(center, language, key, data=WAV):
    upload = SimpleUploadedFile("clip.wav", data, content_type="audio/wav")
    return services.prompt_save(center=center, language=language, key=key, upload=upload)


def painting():
    return factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura")


def caller(center, **fields):
    values = {"phone": "+19095550199", "contact_preference": "voice", **fields}
    return factories.WorkerFactory(center=center, skills=[painting()], **values)


def painting_job(center, **fields):
    skill = painting()
    job = factories.JobFactory(center=center, description="Paint a fence", **fields)
    job.skills.set([skill])
    return job


def line_up(center, workers):
    """The workers signed in and drawn, in this order."""
    opens = center.local_datetime(center.today(), center.signin_opens)
    for minute, worker in enumerate(workers):
        morning.signin_create(center=center, worker=worker, now=opens + timedelta(minutes=minute))
    morning.lottery_draw(
        center=center, now=center.local_datetime(center.today(), center.lottery_cutoff)
    )
    for position, worker in enumerate(workers, 1):
        SignIn.objects.filter(worker=worker).update(position=position)


def offered(center, job, *workers):
    """The workers lined up and offered ``job``."""
    line_up(center, workers)
    result = offers.offers_send(job=job)
    send_queued()
    return result


def send_queued():
    """What the worker's task does once the transaction commits (memory backend)."""
    for pk in Message.objects.filter(status="queued").values_list("pk", flat=True):
        services.outbound_send(message_id=pk)


def answer(call, **extra):
    params = {
        "CallSid": call.provider_sid,
        "From": str(call.from_number),
        "To": str(call.to_number),
    }
    return signed(f"/sms/twilio/voice/call/{call.pk}/", params | extra)


def steps(response):
    root = ET.fromstring(response.content)  # noqa: S314 (our own TwiML, not untrusted XML)
    return [
        (node.tag, node.text, node.get("language"))
        for node in root.iter()
        if node.tag in ("Play", "Say")
    ]


# --- the TwiML of an offer -------------------------------------------------------------


def test_an_offer_in_a_recorded_language_plays_only_recordings_and_gathers_one_key(center):
    job = painting_job(center, hourly_wage=Decimal("25.50"))
    worker = caller(center, voice_language="mixteco")
    script = voice.offer_script(
        language="mixteco", center_name=center.sms_sender_name(), skills=[voice.SkillName("painting", "Pintura", "Painting")],
        day=job.date, start=job.start_time, hours=job.estimated_hours, wage=job.hourly_wage, place="",
    )  # fmt: skip
    for key, _text in script:
        record(center, "mixteco", key)
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk)
    assert call.channel == "voice"
    assert call.voice_script["language"] == "mixteco"
    assert not Message.objects.filter(worker=worker, channel="sms", kind="offer").exists()

    response = answer(call, AnsweredBy="human", CallStatus="in-progress")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    played = steps(response)
    assert played
    assert all(tag == "Play" for tag, _text, _lang in played)
    assert all(text.startswith(BASE + f"/sms/voice/audio/{center.pk}/") for _t, text, _l in played)
    gather = ET.fromstring(response.content).find("Gather")  # noqa: S314 (our own TwiML, not untrusted XML)
    assert gather.get("numDigits") == "1"
    assert gather.get("action") == BASE + GATHER
    # The audio URLs work without a session (Twilio fetches them): the recording itself.
    audio = Client().get(played[0][1].removeprefix(BASE))
    assert audio.status_code == 200
    assert b"".join(audio.streaming_content) == WAV


def test_missing_spanish_fragments_are_said_by_text_to_speech(center):
    job = painting_job(center)
    worker = caller(center)
    record(center, "es", "job")
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    played = steps(answer(call, AnsweredBy="human"))
    assert played[1][0] == "Play"  # "there is a job", as recorded
    said = [(text, lang) for tag, text, lang in played if tag == "Say"]
    assert ("Pintura", "es-MX") in said
    assert ("Para aceptar el trabajo, marca 1.", "es-MX") in said


def test_a_language_without_text_to_speech_and_a_missing_fragment_gets_the_offer_by_text(center):
    job = painting_job(center)
    worker = caller(center, voice_language="triqui")
    record(center, "triqui", "greeting")
    [offer] = offered(center, job, worker).offers
    [message] = Message.objects.filter(offer_id=offer.pk)
    assert message.channel == "sms"
    assert message.kind == "offer"
    assert message.body.startswith("Trabajo: Pintura")
    rows = selectors.prompt_rows(center=center, language="triqui")
    assert {r.key for r in rows if r.prompt_id is None} >= {"job", "skill:painting", "number:8"}


def test_a_worker_who_chose_both_gets_a_call_and_a_text(center):
    job = painting_job(center)
    worker = caller(center, contact_preference="both")
    [offer] = offered(center, job, worker).offers
    channels = sorted(Message.objects.filter(offer_id=offer.pk).values_list("channel", flat=True))
    assert channels == ["sms", "voice"]


def test_an_answering_machine_is_hung_up_on_and_the_offer_waits_for_its_expiry(center):
    job = painting_job(center)
    worker = caller(center)
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    response = answer(call, AnsweredBy="machine_start")
    assert b"<Hangup />" in response.content
    assert b"Gather" not in response.content
    offer.refresh_from_db()
    assert offer.state == Offer.State.PENDING


# --- keys and status callbacks ---------------------------------------------------------


def keypress(call, digit):
    return signed(GATHER, {"CallSid": call.provider_sid, "Digits": digit})


def test_pressing_1_takes_the_job_once_and_a_repeat_of_the_request_changes_nothing(center):
    job = painting_job(center)
    worker = caller(center)
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    repeat = keypress(call, "9")
    assert b"<Gather" in repeat.content
    first = keypress(call, "1")
    assert ("Say", "Tienes el trabajo. Gracias.", "es-MX") in steps(first)
    again = keypress(call, "1")
    assert steps(again) == steps(first)
    assert Assignment.objects.filter(job=job, worker=worker).count() == 1
    assert CallKeypress.objects.filter(call_sid=call.provider_sid).count() == 1
    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED


def test_pressing_2_passes_the_job_to_the_next_worker(center):
    job = painting_job(center)
    first, second = caller(center), caller(center, phone="+19095550198", contact_preference="sms")
    [offer] = offered(center, job, first, second).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    assert ("Say", "Pasaste este trabajo.", "es-MX") in steps(keypress(call, "2"))
    assert Offer.objects.get(worker=second).state == Offer.State.PENDING


@pytest.mark.parametrize("signature", ["", "forged"])
def test_forged_voice_webhooks_are_refused_and_write_nothing(center, signature):
    job = painting_job(center)
    worker = caller(center)
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    params = {"CallSid": call.provider_sid, "Digits": "1", "CallStatus": "completed"}
    headers = {"HTTP_X_TWILIO_SIGNATURE": signature} if signature else {}
    for path in (GATHER, STATUS, INBOUND, f"/sms/twilio/voice/call/{call.pk}/"):
        assert Client().post(path, params, **headers).status_code == 403
    other_token = signature_compute(token="not-ours", url=BASE + GATHER, params=params)
    assert Client().post(GATHER, params, HTTP_X_TWILIO_SIGNATURE=other_token).status_code == 403
    assert not CallKeypress.objects.exists()
    assert not CallEvent.objects.exists()
    assert not Assignment.objects.exists()


def test_no_token_configured_refuses_every_voice_webhook(center, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    settings.SMS_SIMULATOR = False
    assert signed(STATUS, {"CallSid": "CA" + "1" * 32, "CallStatus": "ringing"}).status_code == 403


def test_status_callbacks_are_kept_once_and_move_the_call_forward(center):
    job = painting_job(center)
    worker = caller(center)
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    sid = call.provider_sid
    for status in ("initiated", "ringing", "in-progress"):
        assert signed(STATUS, {"CallSid": sid, "CallStatus": status}).status_code == 200
    done = {"CallSid": sid, "CallStatus": "completed", "CallDuration": "47", "AnsweredBy": "human"}
    assert signed(STATUS, done).status_code == 200
    assert signed(STATUS, done).status_code == 200  # Twilio's retry
    assert signed(STATUS, {"CallSid": sid, "CallStatus": "ringing"}).status_code == 200
    call.refresh_from_db()
    assert (call.call_status, call.status, call.duration_seconds, call.answered_by) == (
        "completed", "delivered", 47, "human",
    )  # fmt: skip
    assert CallEvent.objects.filter(call_sid=sid).count() == 4
    bad = signed(STATUS, {"CallSid": sid, "CallStatus": "completed", "CallDuration": "x"})
    assert bad.status_code == 400


def test_a_call_not_answered_is_undelivered_and_the_offer_passes_on_only_at_expiry(center):
    job = painting_job(center)
    first, second = caller(center), caller(center, phone="+19095550198")
    [offer] = offered(center, job, first, second).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    signed(STATUS, {"CallSid": call.provider_sid, "CallStatus": "no-answer"})
    call.refresh_from_db()
    assert (call.status, call.error_code) == ("undelivered", "no-answer")
    assert Offer.objects.get(pk=offer.pk).state == Offer.State.PENDING
    assert offers.offers_expire(now=timezone.now() + timedelta(minutes=30)) == 1
    assert Offer.objects.get(worker=second).state == Offer.State.PENDING


# --- notices and inbound calls ---------------------------------------------------------


def test_the_lottery_number_is_told_by_call_to_a_worker_who_chose_calls(center):
    voice_only = caller(center)
    both = caller(center, phone="+19095550198", contact_preference="both")
    texter = factories.WorkerFactory(center=center, phone="+19095550197")
    opens = center.local_datetime(center.today(), center.signin_opens)
    for minute, worker in enumerate((voice_only, both, texter)):
        morning.signin_create(center=center, worker=worker, now=opens + timedelta(minutes=minute))
    morning.lottery_draw(
        center=center, now=center.local_datetime(center.today(), center.lottery_cutoff)
    )
    send_queued()
    told = Message.objects.filter(kind="lottery_number")
    assert sorted(told.filter(worker=voice_only).values_list("channel", flat=True)) == ["voice"]
    assert sorted(told.filter(worker=both).values_list("channel", flat=True)) == ["sms", "voice"]
    assert sorted(told.filter(worker=texter).values_list("channel", flat=True)) == ["sms"]
    call = told.get(worker=voice_only)
    number = SignIn.objects.get(worker=voice_only).lottery_number
    said = [text for _tag, text, _lang in steps(answer(call, AnsweredBy="machine_end_beep"))]
    assert "Tu número en la fila de hoy es" in said
    assert str(number) in said


def test_a_known_worker_calling_the_center_hears_their_place_and_what_is_open(center):
    worker = caller(center, preferred_language="en")
    painting_job(center)
    opens = center.local_datetime(center.today(), center.signin_opens)
    morning.signin_create(center=center, worker=worker, now=opens)
    morning.lottery_draw(
        center=center, now=center.local_datetime(center.today(), center.lottery_cutoff)
    )
    params = {"CallSid": "CA" + "2" * 32, "From": str(worker.phone), "To": str(center.sms_number)}
    said = [text for _tag, text, _lang in steps(signed(INBOUND, params))]
    assert said[1:5] == ["Your number in today's line is", "1", "Your place in line is", "1"]
    assert "Jobs open now:" in said
    assert "Painting" in said
    stranger = params | {"From": "+19095550111"}
    assert "This number is not registered at the center." in [
        t for _g, t, _l in steps(signed(INBOUND, stranger))
    ]


# --- recorded prompts and their audio URLs ---------------------------------------------


def test_a_signed_audio_url_expires_and_is_refused_for_another_center(
    center, other_center, settings
):
    prompt = record(center, "mixteco", "job")
    url = voice.audio_url(center_id=center.pk, prompt_id=prompt.pk, absolute=False)
    assert Client().get(url).status_code == 200
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert Client().get(f"/sms/voice/audio/{other_center.pk}/{token}/").status_code == 404
    theirs = voice.audio_url(center_id=other_center.pk, prompt_id=prompt.pk, absolute=False)
    assert Client().get(theirs).status_code == 404
    assert Client().get(url[:-3] + "xx/").status_code == 404
    settings.VOICE_AUDIO_URL_MAX_AGE = 1
    time.sleep(2.1)
    assert Client().get(url).status_code == 404


def test_recordings_are_kept_outside_the_public_media_and_static_folders(center, settings):
    prompt = record(center, "zapoteco", "greeting")
    path = prompt.audio.path
    assert path.startswith(str(settings.VOICE_PROMPT_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert not path.startswith(str(getattr(settings, "MEDIA_ROOT", "") or "/nonexistent"))


@pytest.mark.parametrize(
    ("language", "title", "missing"),
    [
        ("en", "Recorded prompts", "fragments still missing"),
        ("es", "Grabaciones", "Todavía faltan"),
    ],
)
def test_the_prompts_page_shows_what_a_language_still_lacks(
    client, center, center_admin, language, title, missing
):
    factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura")
    record(center, "kiche", "greeting")
    client.force_login(center_admin)
    response = client.get("/sms/voice/prompts/?language=kiche", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert title in page
    assert missing in page
    assert "skill:painting" in page
    assert page.count('class="missing"') == len(voice.catalog_keys(selectors.skill_names())) - 1


def test_the_admin_uploads_a_recording_and_bad_files_are_refused_in_spanish(
    client, center, center_admin
):
    client.force_login(center_admin)
    upload = SimpleUploadedFile("job.wav", WAV, content_type="audio/wav")
    response = client.post(
        "/sms/voice/prompts/save/", {"language": "Mixteco", "key": "job", "audio": upload}
    )
    assert response.status_code == 302
    assert VoicePrompt.objects.get(center=center).language == "mixteco"
    text = SimpleUploadedFile("job.wav", b"not audio at all", content_type="audio/wav")
    response = client.post(
        "/sms/voice/prompts/save/", {"language": "mixteco", "key": "job", "audio": text},
        HTTP_ACCEPT_LANGUAGE="es", HTTP_X_REQUESTED_WITH="fetch",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.content.decode() == "La grabación debe ser un archivo WAV o MP3."
    assert VoicePrompt.objects.count() == 1


def test_a_coordinator_or_another_center_cannot_reach_the_prompts(
    client, center, other_center, coordinator
):
    record(center, "mixteco", "job")
    client.force_login(coordinator)
    assert client.get("/sms/voice/prompts/").status_code == 403
    other_admin = factories.StaffFactory(center=other_center, role="center_admin").user
    client.force_login(other_admin)
    page = client.get("/sms/voice/prompts/?language=mixteco").content.decode()
    assert f"/sms/voice/audio/{center.pk}/" not in page
    upload = SimpleUploadedFile("job.wav", WAV, content_type="audio/wav")
    client.post("/sms/voice/prompts/save/", {"language": "mixteco", "key": "job", "audio": upload})
    assert VoicePrompt.objects.filter(center=center).count() == 1
    assert VoicePrompt.objects.filter(center=other_center).count() == 1


# --- costs -------------------------------------------------------------------------------


def test_usage_counts_text_segments_and_call_minutes_per_month_with_their_cost(center, settings):
    settings.SMS_PRICE_PER_SEGMENT = "0.01"
    settings.VOICE_PRICE_PER_MINUTE = "0.02"
    worker = factories.WorkerFactory(center=center)
    now = timezone.now()
    common = {
        "center": center,
        "worker": worker,
        "direction": "out",
        "to_number": str(worker.phone),
        "sent_at": now,
    }
    Message.objects.create(body="a", segments=2, **common)
    Message.objects.create(body="b", segments=1, **common)
    Message.objects.create(body="c", channel="voice", duration_seconds=61, **common)
    Message.objects.create(body="d", channel="voice", duration_seconds=30, **common)
    Message.objects.create(body="e", channel="voice", **common)  # never answered
    [month] = selectors.usage_by_month(
        center=center, start=now.date() - timedelta(days=1), end=now.date() + timedelta(days=1)
    )
    assert (month["texts"], month["segments"], month["calls"], month["minutes"]) == (2, 3, 3, 3)
    assert (month["sms_cost"], month["voice_cost"], month["total_cost"]) == (
        Decimal("0.03"), Decimal("0.06"), Decimal("0.09"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Text messages and calls per month"), ("es", "Mensajes de texto y llamadas por mes")],
)
def test_the_board_report_shows_texts_and_call_minutes_with_their_cost(
    client, center, board_member, settings, language, title
):
    settings.VOICE_PRICE_PER_MINUTE = "0.02"
    worker = factories.WorkerFactory(center=center)
    common = {
        "center": center,
        "worker": worker,
        "direction": "out",
        "to_number": str(worker.phone),
        "sent_at": timezone.now(),
    }
    Message.objects.create(body="c", channel="voice", duration_seconds=125, **common)
    other = factories.CenterFactory(slug="graton")
    Message.objects.create(
        body="x", channel="voice", duration_seconds=600, **(common | {"center": other})
    )
    client.force_login(board_member)
    page = client.get("/reports/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in page
    usage = page[page.index('id="usage"') :]
    assert '<td class="num">3</td>' in usage
    assert "$0.06" in usage
    assert "$0.20" not in usage  # the other center's call


def test_a_1_after_saying_yes_by_text_says_the_job_is_theirs(center):
    job = painting_job(center)
    worker = caller(center, contact_preference="both")
    [offer] = offered(center, job, worker).offers
    call = Message.objects.get(offer_id=offer.pk, channel="voice")
    offers.offer_accept(offer=offer)
    assert ("Say", "Tienes el trabajo. Gracias.", "es-MX") in steps(keypress(call, "1"))
    assert Assignment.objects.filter(job=job, worker=worker).count() == 1
