"""A claim opened from a logged job claims what is owed: earned (hours × wage, at least the
floor) minus what was paid, the same from the desk, the worker's "2" by SMS and the API; the
demand letter shows earned, paid and due, and is signed by a person for the center."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dispatch.models import Assignment
from tests import factories
from wages.models import WageClaim
from wages.services.claims import assignment_pay_due, claim_open_from_assignment
from wages.services.ledger import assignment_complete, payment_checks_send, payment_reply

pytestmark = pytest.mark.django_db
PaidStatus = Assignment.PaidStatus


@pytest.fixture
def partly_paid(center):
    """3 h × $23, the employer paid $50: logged "paid in part"."""
    assignment = factories.AssignmentFactory(
        job__center=center,
        job__date=center.today() - timedelta(days=1),
        job__hourly_wage=Decimal("23.00"),
        job__employer__name="Greg Olsen",
        job__employer__address="1200 Holt Ave",
        job__employer__city="Pomona",
        job__employer__state="CA",
        job__employer__postal_code="91767",
    )
    assignment_complete(
        assignment=assignment,
        hours_worked="3",
        amount_paid="50",
        pay_note="paid in part",
        paid_status=PaidStatus.PARTIAL,
    )
    return Assignment.objects.get(pk=assignment.pk)


def test_owed_is_earned_minus_paid(partly_paid):
    due = assignment_pay_due(partly_paid)
    assert (due.earned, due.paid, due.owed) == (
        Decimal("69.00"),
        Decimal("50.00"),
        Decimal("19.00"),
    )


@pytest.mark.parametrize(
    ("paid_status", "amount_paid", "owed"),
    [
        (PaidStatus.UNPAID, "69", "69.00"),  # logged with the full pay, but not paid
        (PaidStatus.UNKNOWN, "69", "69.00"),  # a claim is opened because it was not paid
        (PaidStatus.PAID, "60", "9.00"),  # "paid", but less than earned
        (PaidStatus.PARTIAL, "69", "69.00"),  # the part paid was never written down
    ],
)
def test_what_counts_as_paid_follows_the_paid_status(center, paid_status, amount_paid, owed):
    assignment = factories.AssignmentFactory(
        job__center=center,
        job__hourly_wage=Decimal("23.00"),
        state="completed",
        hours_worked=Decimal("3"),
        amount_paid=Decimal(amount_paid),
        paid_status=paid_status,
    )
    assert assignment_pay_due(assignment).owed == Decimal(owed)


def test_earned_is_never_below_the_centers_wage_floor(center):
    assignment = factories.AssignmentFactory(
        job__center=center,
        job__hourly_wage=Decimal("20.00"),
        state="completed",
        hours_worked=Decimal("4"),
        paid_status=PaidStatus.UNPAID,
    )
    center.wage_floor = Decimal("22.50")  # the floor rose after the job was posted
    center.save()
    assignment.refresh_from_db()
    due = assignment_pay_due(assignment)
    assert (due.wage, due.earned) == (Decimal("22.50"), Decimal("90.00"))


def test_the_service_opens_the_claim_for_what_is_owed(partly_paid, coordinator):
    claim = claim_open_from_assignment(assignment=partly_paid, by=coordinator)
    assert claim.amount_owed == Decimal("19.00")
    assert claim.amount_paid_at_job == Decimal("50.00")
    assert claim.amount_earned == Decimal("69.00")


def test_the_workers_2_by_sms_opens_a_draft_for_what_is_owed(center, outbox):
    assignment = factories.AssignmentFactory(
        job__center=center,
        job__date=center.today() - timedelta(days=1),
        job__hourly_wage=Decimal("23.00"),
    )
    assignment_complete(assignment=assignment, hours_worked="3")
    noon = center.local_datetime(center.today(), __import__("datetime").time(12, 0))
    assert payment_checks_send(now=noon) == 1
    assert payment_reply(worker=assignment.worker, intent="decline") is True
    claim = WageClaim.objects.get()
    assert claim.status == WageClaim.Status.DRAFT
    assert (claim.amount_owed, claim.amount_paid_at_job) == (Decimal("69.00"), Decimal("0.00"))


def test_the_api_opens_the_claim_for_what_is_owed(api, partly_paid):
    response = api.post("/api/v1/claims/", {"assignment": partly_paid.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["amount_owed"] == "19.00"
    response = api.post(f"/api/v1/assignments/{partly_paid.pk}/claim/", {}, format="json")
    assert response.status_code == 400  # the same job twice is a duplicate


def test_the_assignment_endpoint_opens_the_claim_for_what_is_owed(api, partly_paid):
    response = api.post(f"/api/v1/assignments/{partly_paid.pk}/claim/", {}, format="json")
    assert response.status_code == 201, response.content
    assert WageClaim.objects.get().amount_owed == Decimal("19.00")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_desk_form_is_prefilled_with_what_is_owed(desk_client, partly_paid, language):
    page = desk_client.get(
        f"/claims/new/?assignment={partly_paid.pk}", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert 'value="19.00"' in page
    assert 'id="due-earned">$69.00<' in page
    assert 'id="due-paid">$50.00<' in page
    response = desk_client.post(
        f"/claims/new/?assignment={partly_paid.pk}",
        {"amount_owed": "19.00", "description": ""},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    assert WageClaim.objects.get().amount_owed == Decimal("19.00")


@pytest.mark.parametrize(
    ("language", "earned", "paid", "due", "fallback"),
    [
        ("en", "Wages earned", "Paid so far", "Amount due", "Wage claims coordinator"),
        ("es", "Salario ganado", "Pagado hasta ahora", "Cantidad adeudada", None),
    ],
)
def test_the_letter_shows_earned_paid_and_due_signed_for_the_center(
    desk_client, coordinator, partly_paid, language, earned, paid, due, fallback
):
    claim = claim_open_from_assignment(assignment=partly_paid, by=coordinator)
    letter = desk_client.get(f"/claims/{claim.pk}/letter/?lang={language}").content.decode()
    assert f'{earned}</td><td id="letter-earned">$69.00<' in letter
    assert f'{paid}</td><td id="letter-paid">$50.00<' in letter
    assert f'{due}</td><td id="letter-balance">$19.00<' in letter
    assert "1200 Holt Ave<br>Pomona, CA 91767" in letter
    signature = letter.split('id="letter-signature"')[1].split("</p>")[0]
    assert coordinator.username not in signature
    assert claim.center.name in signature
    if fallback:
        assert fallback in signature
    coordinator.first_name, coordinator.last_name = "Marisol", "Reyes"
    coordinator.save()
    letter = desk_client.get(f"/claims/{claim.pk}/letter/?lang={language}").content.decode()
    assert "Marisol Reyes" in letter.split('id="letter-signature"')[1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_claim_page_shows_earned_and_paid_at_the_job(
    desk_client, coordinator, partly_paid, language
):
    claim = claim_open_from_assignment(assignment=partly_paid, by=coordinator)
    page = desk_client.get(f"/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert 'id="claim-earned">$69.00<' in html
    assert 'id="claim-paid-at-job">$50.00<' in html
    assert 'id="claim-owed">$19.00<' in html


def test_money_on_pages_has_thousands_separators(desk_client, center):
    claim = factories.WageClaimFactory(center=center, amount_owed=Decimal("66400.00"))
    for language in ("en", "es"):
        page = desk_client.get(f"/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert 'id="claim-owed">$66,400.00<' in page.content.decode()
