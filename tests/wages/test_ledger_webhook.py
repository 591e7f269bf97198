"""The payment check end to end: the next-day text, then the worker's signed reply."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from dispatch.models import Assignment
from sms.client import signature_compute
from sms.models import Message
from tests import factories
from wages.models import WageClaim
from wages.services.ledger import assignment_complete, payment_checks_send

pytestmark = pytest.mark.django_db
TOKEN = "payment-check-token"
BASE = "https://jornada.example.org"
INBOUND = "/sms/twilio/inbound/"


@pytest.fixture(autouse=True)
def _twilio(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SMS_PUBLIC_BASE_URL = BASE


def reply(center, worker, body, sid):
    params = {
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": str(worker.phone),
        "To": str(center.sms_number),
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }
    signature = signature_compute(token=TOKEN, url=BASE + INBOUND, params=params)
    return Client().post(INBOUND, params, HTTP_X_TWILIO_SIGNATURE=signature)


def yesterdays_job(center, *, language="es", hours="7"):
    worker = factories.WorkerFactory(center=center, preferred_language=language)
    assignment = factories.AssignmentFactory(
        job__center=center,
        job__date=center.today() - timedelta(days=1),
        job__description="Limpieza de jardín y poda",
        worker=worker,
    )
    return assignment_complete(assignment=assignment, hours_worked=hours)


def send_checks(center):
    ten = datetime.combine(center.today(), datetime.min.time(), tzinfo=center.tz).replace(hour=10)
    return payment_checks_send(now=ten)


def test_a_2_through_the_signed_webhook_opens_a_draft_claim_with_the_right_amounts(center):
    assignment = yesterdays_job(center, hours="7")  # 7 h × $25
    assert send_checks(center) == 1
    check = Message.objects.get(kind="payment_check")
    assert check.body.startswith("¿Te pagaron completo")
    assert "1 = si, 2 = no" in check.body.lower()

    response = reply(center, assignment.worker, "2", "SM" + "2" * 32)

    assert response.status_code == 200
    claim = WageClaim.objects.get()
    assert claim.status == WageClaim.Status.DRAFT
    assert (claim.worker, claim.employer, claim.job, claim.assignment) == (
        assignment.worker,
        assignment.job.employer,
        assignment.job,
        assignment,
    )
    assert claim.amount_owed == Decimal("175.00")
    assert claim.amount_recovered == 0
    assert claim.work_start == claim.work_end == assignment.date
    assignment.refresh_from_db()
    assert assignment.paid_status == Assignment.PaidStatus.UNPAID
    answer = Message.objects.filter(direction="out", kind="claim_update").get()
    assert answer.worker == assignment.worker
    assert f"#{claim.pk}" in answer.body
    assert not Message.objects.filter(direction="out", kind="unknown_reply").exists()


def test_a_1_through_the_signed_webhook_records_paid_in_english_too(center):
    assignment = yesterdays_job(center, language="en")
    send_checks(center)
    assert Message.objects.get(kind="payment_check").body.startswith("Were you paid in full")

    reply(center, assignment.worker, "SI", "SM" + "1" * 32)

    assignment.refresh_from_db()
    assert assignment.paid_status == Assignment.PaidStatus.PAID
    assert not WageClaim.objects.exists()
    latest = assignment.history.first()
    assert latest.paid_status == "paid"
    assert latest.history_change_reason == "worker answered: paid in full"


def test_a_repeated_webhook_opens_one_claim(center):
    assignment = yesterdays_job(center)
    send_checks(center)
    for _ in range(2):
        reply(center, assignment.worker, "NO", "SM" + "3" * 32)
    assert WageClaim.objects.count() == 1


def test_a_2_with_no_check_waiting_gets_the_short_help(center):
    assignment = yesterdays_job(center)
    reply(center, assignment.worker, "2", "SM" + "4" * 32)
    assert not WageClaim.objects.exists()
    assert Message.objects.filter(direction="out").exclude(kind="").exists()
