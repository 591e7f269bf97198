"""The email outbox through a real Celery worker, real Redis and PostgreSQL, and Django's
locmem mail backend: queued after commit, sent once by the worker, retried after a failing
server, and a row whose task was lost is sent by the sweeper."""

from __future__ import annotations

import smtplib

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from config.celery import app
from employers.signup import email_link_send
from sms import mail as outbox
from sms.models import Email
from tests import factories
from tests.sms.test_worker import live_worker, real_celery, wait_for  # noqa: F401 - fixtures by name

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def status_of(email):
    return Email.objects.values_list("status", flat=True).get(pk=email.pk)


@pytest.fixture
def employer(center):
    return factories.EmployerFactory(
        center=center, name="Linda Park", email="linda@example.com", preferred_language="en"
    )


@pytest.mark.usefixtures("live_worker")
def test_a_queued_email_is_sent_once_by_the_worker(center, employer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_link_send(employer=employer, link_base="https://jornada.example.org/")
    email = Email.objects.get()
    wait_for(lambda: status_of(email) == Email.Status.SENT, what="the email sent")
    [sent] = mail.outbox
    assert sent.to == ["linda@example.com"]
    assert sent.subject == "Confirm your email for Pomona"
    assert "https://jornada.example.org/portal/verify/email/" in sent.body
    assert Email.objects.get().attempts == 1


class FlakyBackend(EmailBackend):
    """The mail server refuses the first connection, then takes the mail."""

    failures = 1

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("the server hung up")
        return super().send_messages(messages)


@pytest.mark.usefixtures("live_worker")
def test_a_failing_mail_server_is_retried_and_the_email_sent_once(center, employer, settings):
    settings.EMAIL_BACKEND = "tests.sms.test_mail_worker.FlakyBackend"
    FlakyBackend.failures = 1
    email_link_send(employer=employer, link_base="https://jornada.example.org/")
    email = Email.objects.get()
    wait_for(lambda: status_of(email) == Email.Status.SENT, timeout=30, what="sent on retry")
    assert len(mail.outbox) == 1
    assert Email.objects.get().attempts == 2


@pytest.mark.usefixtures("real_celery")
def test_a_row_whose_task_was_lost_is_sent_by_the_sweeper(center, employer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_REQUEUE_AFTER_SECONDS = 0
    # Written without its task (the broker was down at commit).
    email = Email.objects.create(
        center=center, to_address="linda@example.com", kind="signup_verify", language="en",
        subject="Confirm your email", body="…",
    )  # fmt: skip
    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False):
        assert outbox.mail_sweep()["requeued"] == 1
        wait_for(lambda: status_of(email) == Email.Status.SENT, what="the swept email sent")
    assert len(mail.outbox) == 1
