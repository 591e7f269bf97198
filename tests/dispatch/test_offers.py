"""SMS offers in the morning loop: out in queue order, expire and pass on, claimed once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dispatch import reasons
from dispatch.models import Assignment, Offer, SignIn
from dispatch.replies import NOTHING_PENDING, reply_handle
from dispatch.services import morning, offers
from employers.models import Job
from sms.models import Message
from tests import factories

pytestmark = pytest.mark.django_db


def sent_kinds(outbox, worker):
    return [m.kind for m in outbox(worker=worker) if m.kind != "lottery_number"]


def test_offers_go_out_in_queue_order_to_workers_who_can_get_sms(center, queue_of, outbox, at):
    first, second, third = queue_of(3)
    second.phone = ""
    second.save()
    job = factories.JobFactory(center=center, workers_needed=2, address="12 Elm St, Claremont, CA")
    result = offers.offers_send(job=job, now=at("08:00"))
    assert [o.worker_id for o in result.offers] == [first.pk, third.pk]
    assert [(w.pk, why) for w, why in result.skipped] == [(second.pk, reasons.NO_SMS)]
    offer = result.offers[0]
    assert offer.expires_at == at("08:00") + timedelta(minutes=center.offer_timeout_minutes)
    assert offer.message is not None
    assert offer.message.validity_seconds == 600
    assert SignIn.objects.get(worker=first).state == SignIn.State.OFFERED
    (text,) = outbox(kind="offer", worker=first)
    assert text.offer_id == offer.pk
    assert "Claremont" in text.body
    assert "10 min" in text.body
    assert first.full_name not in text.body
    assert text.segments == 1


def test_an_unanswered_offer_expires_and_passes_to_the_next_worker(center, queue_of, outbox, at):
    first, second = queue_of(2)
    job = factories.JobFactory(center=center)
    offers.offers_send(job=job, now=at("08:00"))
    assert offers.offers_expire(now=at("08:09")) == 0
    assert offers.offers_expire(now=at("08:10")) == 1
    assert Offer.objects.get(worker=first).state == Offer.State.EXPIRED
    assert Offer.objects.get(worker=second).state == Offer.State.PENDING
    assert sent_kinds(outbox, first) == ["offer", "offer_expired"]
    assert SignIn.objects.get(worker=first).state == SignIn.State.WAITING


def test_an_accepted_offer_becomes_an_assignment_with_details(center, queue_of, outbox, at):
    (worker,) = queue_of(1)
    job = factories.JobFactory(center=center)
    (offer,) = offers.offers_send(job=job, now=at("08:00")).offers
    assignment = offers.offer_accept(offer=offer, now=at("08:03"))
    assert (assignment.worker_id, assignment.how) == (worker.pk, Assignment.How.SMS_OFFER)
    offer.refresh_from_db()
    assert (offer.state, offer.assignment_id) == (Offer.State.ACCEPTED, assignment.pk)
    assert sent_kinds(outbox, worker) == ["offer", "assignment_details"]
    details = outbox(kind="assignment_details")[0].body
    assert job.address in details
    assert job.employer.name in details


def test_a_yes_after_the_timeout_is_an_expiry_not_a_job(center, queue_of, outbox, at):
    first, second = queue_of(2)
    job = factories.JobFactory(center=center)
    (offer,) = offers.offers_send(job=job, now=at("08:00")).offers
    assert offers.offer_accept(offer=offer, now=at("08:11")) is None
    assert not Assignment.objects.exists()
    assert sent_kinds(outbox, first) == ["offer", "offer_expired"]
    assert Offer.objects.get(worker=second).state == Offer.State.PENDING


def test_when_the_job_fills_other_pending_offers_are_cancelled_and_told(
    center, queue_of, outbox, at
):
    first, second, third = queue_of(3)
    job = factories.JobFactory(center=center, workers_needed=2)
    offers.offers_send(job=job, now=at("08:00"))
    morning.assignment_create(job=job, worker=third, how="walk_in")
    assert Offer.objects.filter(state=Offer.State.PENDING).count() == 2
    offers.offer_accept(offer=Offer.objects.get(worker=first), now=at("08:02"))
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED
    assert Offer.objects.get(worker=second).state == Offer.State.CANCELLED
    assert sent_kinds(outbox, second) == ["offer", "job_filled"]
    assert offers.offer_accept(offer=Offer.objects.get(worker=second), now=at("08:03")) is None
    assert job.assignments.count() == 2


def test_a_worker_answering_yes_to_two_offers_gets_one_job(center, queue_of, outbox, at):
    (worker,) = queue_of(1)
    job_a = factories.JobFactory(center=center)
    job_b = factories.JobFactory(center=center)
    offers.offers_send(job=job_a, now=at("08:00"))
    # A second offer reaches the same worker (e.g. sent from another desk a moment earlier).
    offer_b = Offer.objects.create(center=center, job=job_b, worker=worker, expires_at=at("08:10"))
    assert offers.offers_answer(worker=worker, accept=True, now=at("08:01"))
    assert offers.offer_accept(offer=offer_b, now=at("08:02")) is None
    assert Assignment.objects.filter(worker=worker).count() == 1
    assert Offer.objects.get(pk=offer_b.pk).state == Offer.State.CANCELLED


@pytest.mark.parametrize(
    ("policy", "expected_position"), [("keep_position", 1), ("move_to_end", 4)]
)
def test_a_decline_keeps_the_place_or_goes_to_the_end_by_policy(
    center, queue_of, at, policy, expected_position
):
    center.decline_policy = policy
    center.save()
    first, second, _third = queue_of(3)
    job = factories.JobFactory(center=center)
    offers.offers_send(job=job, now=at("08:00"))
    assert offers.offers_answer(worker=first, accept=False, now=at("08:01"))
    signin = SignIn.objects.get(worker=first)
    assert (signin.state, signin.position) == (SignIn.State.WAITING, expected_position)
    assert Offer.objects.get(worker=second, job=job).state == Offer.State.PENDING
    again = morning.queue_walk(job=job, via=morning.SMS, wanted=5)
    assert (first.pk, reasons.DECLINED) in [(s.worker_id, why) for s, why in again.skipped]


def test_the_sms_reply_handler_routes_yes_no_and_position(center, queue_of, outbox, at):
    first, second = queue_of(2)
    job = factories.JobFactory(center=center)
    offers.offers_send(job=job)  # now: the handler answers at the real time
    assert reply_handle(worker=second, intent="accept", message=None) == NOTHING_PENDING
    assert reply_handle(worker=first, intent="accept", message=None) is None
    assert Assignment.objects.get().worker_id == first.pk
    assert reply_handle(worker=second, intent="position", message=None) is None
    (answer,) = outbox(kind="queue_position")
    assert answer.worker_id == second.pk
    assert "number 1 in line" in answer.body


def test_sms_dispatch_of_a_job_without_free_places_is_refused(center, queue_of, at):
    queue_of(2)
    job = factories.JobFactory(center=center)
    offers.offers_send(job=job, now=at("08:00"))
    from dispatch.errors import DispatchConflict

    with pytest.raises(DispatchConflict, match="no free places"):
        offers.offers_send(job=job, now=at("08:01"))


def test_a_yes_texted_through_the_sms_pipeline_takes_the_job(center, queue_of, outbox):
    from sms.services import inbound_receive

    (worker,) = queue_of(1)
    job = factories.JobFactory(center=center)
    offers.offers_send(job=job)
    inbound_receive(
        params={
            "MessageSid": "SM" + "1" * 32,
            "To": str(center.sms_number),
            "From": str(worker.phone),
            "Body": "Sí",
        }
    )
    assert Assignment.objects.get().worker_id == worker.pk
    assert [m.kind for m in outbox(worker=worker)][-1] == "assignment_details"


def test_a_yes_with_no_offer_waiting_gets_the_short_help(center, queue_of, outbox):
    from sms.services import inbound_receive

    (worker,) = queue_of(1)
    inbound_receive(
        params={
            "MessageSid": "SM" + "2" * 32,
            "To": str(center.sms_number),
            "From": str(worker.phone),
            "Body": "1",
        }
    )
    assert not Assignment.objects.exists()
    assert [m.kind for m in outbox(worker=worker)][-1] == "unknown_reply"


def test_a_cancelled_job_frees_its_workers_and_closes_its_offers(center, queue_of, outbox, at):
    from employers.services import job_cancel

    dispatched, offered = queue_of(2)
    job = factories.JobFactory(center=center, workers_needed=2)
    morning.assignment_create(job=job, worker=dispatched, how="walk_in")
    offers.offers_send(job=job, now=at("08:00"))
    assert Offer.objects.get(worker=offered).state == Offer.State.PENDING

    job_cancel(job=job, by=None, reason="Rain")

    assignment = Assignment.objects.get(worker=dispatched)
    assert (assignment.state, assignment.ended_reason) == (Assignment.State.CANCELLED, "Rain")
    assert SignIn.objects.get(worker=dispatched).state == SignIn.State.WAITING
    assert Offer.objects.get(worker=offered).state == Offer.State.CANCELLED
    assert sent_kinds(outbox, dispatched)[-1] == "job_cancelled"
    assert sent_kinds(outbox, offered) == ["offer", "job_cancelled"]
    # Under one job a day the freed worker can take another job the same day.
    other = factories.JobFactory(center=center)
    assert morning.assignment_create(job=other, worker=dispatched, how="walk_in").state == "active"


def _text(center, worker, body, sid):
    from sms.services import inbound_receive

    inbound_receive(
        params={
            "MessageSid": "SM" + sid * 32,
            "To": str(center.sms_number),
            "From": str(worker.phone),
            "Body": body,
        }
    )


@pytest.mark.parametrize(
    ("language", "reply", "expected"),
    [
        ("es", "No", "Listo, no tomas el trabajo Pintura. Te avisamos cuando haya otro."),
        ("en", "2", "OK, you passed on the job Painting. We will text you about the next one."),
    ],
)
def test_a_no_gets_a_short_confirmation_in_the_workers_language(
    center, queue_of, outbox, language, reply, expected
):
    from sms import segments
    from workers.models import Skill

    painting = Skill.objects.get(code="painting")
    (worker,) = queue_of(1, preferred_language=language, skills=[painting])
    job = factories.JobFactory(center=center, skills=[painting])
    offers.offers_send(job=job)
    _text(center, worker, reply, "3")
    assert Offer.objects.get(worker=worker).state == Offer.State.DECLINED
    (confirmation,) = outbox(worker=worker, kind="offer_declined")
    assert confirmation.body == expected
    assert segments.count(confirmation.body).segments == 1
    assert [m.kind for m in outbox(worker=worker)][-1] == "offer_declined"


@pytest.mark.parametrize(
    ("language", "reply", "expected"),
    [
        ("es", "Sí", "Ya tienes el trabajo Pintura el "),
        ("en", "1", "You already have the job Painting on "),
    ],
)
def test_a_second_yes_from_a_worker_who_took_the_job_is_told_they_have_it(
    center, queue_of, outbox, language, reply, expected
):
    from workers.models import Skill

    painting = Skill.objects.get(code="painting")
    (worker,) = queue_of(1, preferred_language=language, skills=[painting])
    job = factories.JobFactory(center=center, skills=[painting])
    offers.offers_send(job=job)
    _text(center, worker, reply, "4")
    assert Assignment.objects.get().worker_id == worker.pk
    _text(center, worker, reply, "5")  # the same yes again
    assert Assignment.objects.count() == 1
    kinds = [m.kind for m in outbox(worker=worker)]
    assert kinds[-1] == "already_assigned"
    assert "unknown_reply" not in kinds
    (answer,) = outbox(worker=worker, kind="already_assigned")
    assert answer.body.startswith(expected)
    assert "8am" in answer.body


def test_an_offer_names_the_skills_in_the_workers_language_and_quotes_the_employer(
    center, queue_of, outbox
):
    from sms import segments
    from workers.models import Skill

    skills = list(Skill.objects.filter(code__in=["gardening", "cleaning"]))
    spanish, english = queue_of(2, skills=skills)
    spanish.preferred_language = "es"
    spanish.save()
    job = factories.JobFactory(
        center=center,
        workers_needed=2,
        description="Backyard cleanup",
        address="12 Elm St, Claremont, CA",
        skills=skills,
    )
    offers.offers_send(job=job)
    (es,) = outbox(worker=spanish, kind="offer")
    (en,) = outbox(worker=english, kind="offer")
    assert es.body.startswith("Trabajo: Jardineria, Limpieza, ")
    assert 'Claremont. "Backyard cleanup" Responde 1' in es.body
    assert en.body.startswith("Job: Gardening, Cleaning, ")
    assert 'in Claremont. "Backyard cleanup" Reply 1' in en.body
    for text in (es, en):
        assert (segments.count(text.body).encoding, text.segments) == (segments.GSM7, 1)


def test_a_job_without_skills_is_named_by_the_employers_words_in_quotes(center, queue_of, outbox):
    (worker,) = queue_of(1, preferred_language="es")
    job = factories.JobFactory(center=center, description="Move furniture to the truck")
    offers.offers_send(job=job)
    (text,) = outbox(worker=worker, kind="offer")
    assert text.body.startswith('Trabajo: "Move furniture to...", ')
    assert text.body.count('"') == 2


def test_an_offers_time_to_answer_counts_from_when_its_text_left(
    center, queue_of, at, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from sms.models import Message

    queue_of(1)
    job = factories.JobFactory(center=center)
    queued_at = timezone.now() - timedelta(minutes=7)  # queued while no worker could send
    with django_capture_on_commit_callbacks(execute=False):
        (offer,) = offers.offers_send(job=job, now=queued_at).offers
    assert offer.expires_at == queued_at + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        from sms.services import outbound_send

        outbound_send(message_id=offer.message_id)  # the worker sends it now
    text = Message.objects.get(pk=offer.message_id)
    assert text.status == Message.Status.SENT
    offer.refresh_from_db()
    assert offer.expires_at == text.sent_at + timedelta(minutes=10)
    assert offers.offers_expire(now=queued_at + timedelta(minutes=11)) == 0  # not yet


def test_the_time_to_answer_is_never_shortened_by_a_late_send_report(center, queue_of):
    queue_of(1)
    job = factories.JobFactory(center=center)
    (offer,) = offers.offers_send(job=job).offers
    before = offer.expires_at
    assert not offers.offer_sent(
        offer_id=offer.pk, sent_at=before - timedelta(minutes=30), valid_seconds=600
    )
    assert offers.offer_sent(offer_id=offer.pk, sent_at=before, valid_seconds=600)
    offer.refresh_from_db()
    assert offer.expires_at == before + timedelta(minutes=10)


def test_the_draws_numbers_and_a_round_of_offers_each_go_to_the_workers_as_one_batch(
    center, at, settings, django_capture_on_commit_callbacks
):
    from celery.signals import task_prerun

    settings.SMS_BATCH_SIZE = 20
    ran = []

    def record(sender=None, args=None, **kwargs):
        if sender.name.startswith("sms.tasks.sms_send"):
            ran.append((sender.name, sorted(args[0])))

    workers = factories.WorkerFactory.create_batch(4, center=center, preferred_language="es")
    for minute, worker in enumerate(workers):
        morning.signin_create(center=center, badge=worker.badge, now=at(f"06:{10 + minute}"))
    task_prerun.connect(record, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            morning.lottery_draw(center=center, now=at("07:30"))
        numbers = sorted(Message.objects.filter(kind="lottery_number").values_list("pk", flat=True))
        job = factories.JobFactory(center=center, workers_needed=3)
        with django_capture_on_commit_callbacks(execute=True):
            offers.offers_send(job=job, now=at("08:00"))
        round_ = sorted(Message.objects.filter(kind="offer").values_list("pk", flat=True))
    finally:
        task_prerun.disconnect(record)
    assert (len(numbers), len(round_)) == (4, 3)
    assert ran == [("sms.tasks.sms_send_batch", numbers), ("sms.tasks.sms_send_batch", round_)]
