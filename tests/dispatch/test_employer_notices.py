"""The employer hears who is coming (known-as name and badge, never a phone), gets a
reminder before the job with the workers, and is told of a cancellation by the center or
a worker; workers are told when the employer cancels. Email always, a text if chosen, in
the employer's language."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail

from dispatch.models import Assignment
from dispatch.services import morning, offers, reminders
from employers.models import Job
from employers.services import job_cancel
from sms.models import Email, Message
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(center):
    center.phone = "+19095550100"
    center.save(update_fields=["phone"])
    return factories.EmployerFactory(
        center=center,
        name="Linda Park",
        email="linda@example.com",
        phone="+19095550188",
        preferred_language="en",
        notify_by_sms=True,
        portal_user=factories.UserFactory(username="linda"),
    )


def workers_at(center, count):
    return [
        factories.WorkerFactory(
            center=center, known_as=name, badge=badge, phone=f"+1909555{badge:04d}"
        )
        for name, badge in [("Chuy", 12), ("Lupe", 7)][:count]
    ]


def test_a_filled_job_tells_the_employer_who_is_coming_by_email_and_text(center, employer):
    job = factories.JobFactory(
        center=center, employer=employer, workers_needed=2, start_time=factories.LATER_TODAY
    )
    chuy, lupe = workers_at(center, 2)
    morning.assignment_create(how="walk_in", job=job, worker=chuy)
    assert not Email.objects.exists()  # not filled yet: nothing to say
    morning.assignment_create(how="walk_in", job=job, worker=lupe)

    email = Email.objects.get(kind="workers_coming")
    assert email.to_address == "linda@example.com"
    assert email.language == "en"
    assert "Chuy (badge #12)" in email.body
    assert "Lupe (badge #7)" in email.body
    for worker in (chuy, lupe):
        assert str(worker.phone.national_number) not in email.body
        assert worker.full_name not in email.body
    assert "(909) 555-0100" in email.body  # the center's phone, for questions

    text = Message.objects.get(kind="workers_coming")
    assert str(text.to_number) == "+19095550188"
    assert text.worker is None
    assert "Chuy #12, Lupe #7" in text.body
    assert "+1909555" not in text.body


def test_the_employer_reads_it_in_spanish_and_gets_no_text_unless_chosen(center, employer):
    employer.preferred_language = "es"
    employer.notify_by_sms = False
    employer.save()
    job = factories.JobFactory(center=center, employer=employer, start_time=factories.LATER_TODAY)
    (chuy,) = workers_at(center, 1)
    morning.assignment_create(how="walk_in", job=job, worker=chuy)
    email = Email.objects.get()
    assert email.language == "es"
    assert email.subject.startswith("Quién viene el")
    assert "Chuy (tarjeta 12)" in email.body
    assert not Message.objects.filter(kind="workers_coming").exists()


def test_the_email_is_sent_after_commit_through_djangos_mail(
    center, employer, django_capture_on_commit_callbacks
):
    job = factories.JobFactory(center=center, employer=employer, start_time=factories.LATER_TODAY)
    (chuy,) = workers_at(center, 1)
    with django_capture_on_commit_callbacks() as captured:
        morning.assignment_create(how="walk_in", job=job, worker=chuy)
        assert mail.outbox == []  # never inside the request's transaction
    for callback in captured:
        callback()
    [sent] = mail.outbox
    assert sent.to == ["linda@example.com"]
    assert "Chuy" in sent.body
    assert Email.objects.get().status == Email.Status.SENT


def a_filled_job(center, employer, start, day=None, dispatched_at=None):
    job = factories.JobFactory(
        center=center, employer=employer, start_time=start, date=day or center.today()
    )
    (chuy,) = workers_at(center, 1)
    assignment = morning.assignment_create(how="walk_in", job=job, worker=chuy)
    if dispatched_at is not None:
        Assignment.objects.filter(pk=assignment.pk).update(created_at=dispatched_at)
    return job, chuy


def test_the_reminder_goes_once_to_the_workers_and_the_employer(center, employer, at, settings):
    settings.JOB_REMINDER_MINUTES = 12 * 60
    tomorrow = center.today() + timedelta(days=1)
    job, chuy = a_filled_job(center, employer, time(7, 0), day=tomorrow, dispatched_at=at("10:00"))
    # Too early: the job starts in more than twelve hours.
    assert reminders.job_reminders_send(now=at("18:00")) == 0
    assert reminders.job_reminders_send(now=at("19:30")) == 1
    assert reminders.job_reminders_send(now=at("19:35")) == 0  # idempotent
    [text] = Message.objects.filter(kind="reminder")
    assert text.worker == chuy
    assert text.body.startswith("Recuerda: trabajo")  # the worker's language
    email = Email.objects.get(kind="job_reminder")
    assert "Chuy (badge #12)" in email.body
    job.refresh_from_db()
    assert job.reminded_at is not None


def test_a_worker_dispatched_inside_the_reminder_window_is_not_reminded_again(
    center, employer, at, settings
):
    settings.JOB_REMINDER_MINUTES = 12 * 60
    a_filled_job(center, employer, factories.LATER_TODAY, dispatched_at=at("11:45"))
    assert reminders.job_reminders_send(now=at("12:00")) == 1
    assert not Message.objects.filter(kind="reminder").exists()  # just got the details
    assert Email.objects.filter(kind="job_reminder").count() == 1


def test_a_cancellation_by_the_center_is_told_to_the_employer(center, employer, coordinator):
    job, chuy = a_filled_job(center, employer, factories.LATER_TODAY)
    job_cancel(job=job, by=coordinator, reason="Rain")
    assert Email.objects.filter(kind="job_cancelled").count() == 1
    assert "Rain" in Email.objects.get(kind="job_cancelled").body
    assert Message.objects.filter(kind="employer_job_cancelled").count() == 1
    assert Message.objects.filter(kind="job_cancelled", worker=chuy).count() == 1


def test_an_employer_who_cancels_is_not_told_but_the_workers_are(center, employer):
    job, chuy = a_filled_job(center, employer, factories.LATER_TODAY)
    job_cancel(job=job, by=employer.portal_user, reason="Cancelled by the employer")
    assert not Email.objects.filter(kind="job_cancelled").exists()
    assert Message.objects.filter(kind="job_cancelled", worker=chuy).count() == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.CANCELLED


def test_a_worker_who_drops_out_is_told_to_the_employer(center, employer, coordinator):
    job, _chuy = a_filled_job(center, employer, factories.LATER_TODAY)
    assignment = job.assignments.get()
    morning.assignment_undo(assignment=assignment, reason="Chuy is sick", by=coordinator)
    email = Email.objects.get(kind="worker_cancelled")
    assert "Chuy (badge #12)" in email.body
    text = Message.objects.get(kind="worker_cancelled")
    assert "Chuy #12 will not come" in text.body


def test_an_accepted_sms_offer_that_fills_the_job_tells_the_employer(center, employer, at):
    (worker,) = workers_at(center, 1)
    morning.signin_create(center=center, badge=worker.badge, now=at("06:10"))
    morning.lottery_draw(center=center, now=at("07:30"))
    job = factories.JobFactory(center=center, employer=employer, start_time=time(9, 0))
    (offer,) = offers.offers_send(job=job, now=at("08:00")).offers
    offers.offer_accept(offer=offer, now=at("08:02"))
    assert "Chuy (badge #12)" in Email.objects.get(kind="workers_coming").body
