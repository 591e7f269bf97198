"""Offers by call through a real Celery worker, Redis, PostgreSQL and the real Twilio SDK
against the fake Twilio (its Calls endpoint): a key press takes the job, an unanswered call
passes on at expiry, and two workers pressing 1 for the last place get one assignment."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dispatch.models import Assignment, Offer
from dispatch.services import morning
from employers.models import Job
from sms.models import Message
from tests import factories
from tests.sms import test_worker
from tests.sms.test_voice import line_up
from tests.sms.test_worker import signed_post, wait_for

# The real worker and broker of the SMS worker tests, found by name.
real_celery = test_worker.real_celery
live_worker = test_worker.live_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def callers(center, count):
    skill = factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura")
    workers = [
        factories.WorkerFactory(
            center=center, phone=f"+190955501{60 + n}", contact_preference="voice", skills=[skill]
        )
        for n in range(count)
    ]
    line_up(center, workers)
    job = factories.JobFactory(center=center, workers_needed=1, description="Paint a fence")
    job.skills.set([skill])
    return workers, job


def offer_call(worker):
    return Message.objects.filter(
        worker=worker, kind="offer", channel="voice", provider_sid__isnull=False
    ).first()


def key(fake, call, digit):
    params = {"CallSid": call.provider_sid, "Digits": digit}
    return signed_post("/sms/twilio/voice/gather/", params, fake.auth_token)


def test_an_offer_by_call_is_taken_with_key_1_and_an_unanswered_one_passes_on_at_expiry(
    center, api, real_celery, live_worker
):
    from dispatch.tasks import offers_expire

    fake = real_celery
    (a, b, c), job = callers(center, 3)
    job.workers_needed = 2
    job.save(update_fields=["workers_needed"])
    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"via": "sms"}, format="json")
    assert response.status_code == 200, response.json()
    wait_for(lambda: offer_call(a) and offer_call(b), what="both calls placed")
    [post_a] = [
        p for p in fake.calls_posted(to=str(a.phone)) if p.sid == offer_call(a).provider_sid
    ]
    assert (
        post_a.form["Url"]
        == f"https://jornada.example.org/sms/twilio/voice/call/{offer_call(a).pk}/"
    )
    assert post_a.form["MachineDetection"] == "Enable"
    assert post_a.form["StatusCallback"] == "https://jornada.example.org/sms/twilio/voice/status/"
    assert not Message.objects.filter(kind="offer", channel="sms").exists()

    # B's phone rings out: recorded, and the offer waits for its expiry as a text's would.
    no_answer = {"CallSid": offer_call(b).provider_sid, "CallStatus": "no-answer"}
    assert signed_post("/sms/twilio/voice/status/", no_answer, fake.auth_token).status_code == 200
    assert Offer.objects.get(worker=b).state == Offer.State.PENDING
    Offer.objects.filter(worker=b).update(expires_at=timezone.now() - timedelta(seconds=1))
    offers_expire.delay()
    wait_for(lambda: offer_call(c) is not None, what="passed on to C by call")
    assert Offer.objects.get(worker=b).state == Offer.State.EXPIRED

    # A answers and presses 1.
    call = offer_call(a)
    answered = {"CallSid": call.provider_sid, "AnsweredBy": "human", "CallStatus": "in-progress"}
    twiml = signed_post(f"/sms/twilio/voice/call/{call.pk}/", answered, fake.auth_token)
    assert b"<Gather" in twiml.content
    assert b"Tienes el trabajo" in key(fake, call, "1").content
    assert Assignment.objects.get(job=job, worker=a).how == Assignment.How.SMS_OFFER
    assert Offer.objects.get(worker=a).state == Offer.State.ACCEPTED
    # Every call left once.
    sids = Message.objects.filter(channel="voice").exclude(provider_sid=None)
    assert sorted(sids.values_list("provider_sid", flat=True)) == sorted(
        p.sid for p in fake.calls_posted()
    )


def test_two_workers_pressing_1_for_the_last_place_get_one_assignment(
    center, api, real_celery, live_worker
):
    fake = real_celery
    (a, b), job = callers(center, 2)
    job.workers_needed = 2
    job.save(update_fields=["workers_needed"])
    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"via": "sms"}, format="json")
    assert response.status_code == 200, response.json()
    wait_for(lambda: offer_call(a) and offer_call(b), what="both calls placed")
    # A walk-in takes one place: one is left for the two callers.
    walk_in = factories.WorkerFactory(center=center, phone="")
    morning.assignment_create(job=job, worker=walk_in, how=Assignment.How.WALK_IN)
    calls = [offer_call(a), offer_call(b)]
    answers, barrier = {}, threading.Barrier(2)

    def press(call):
        barrier.wait()
        try:
            answers[call.worker_id] = key(fake, call, "1").content
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED
    assert job.assignments.count() == 2
    assert Assignment.objects.filter(job=job, worker__in=[a, b]).count() == 1
    said = sorted(answers.values())
    assert sum(b"Tienes el trabajo" in s for s in said) == 1
    assert sum(b"ya no est" in s for s in said) == 1
