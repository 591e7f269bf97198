from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dispatch.errors import ClaimError
from dispatch.models import Assignment
from employers.selectors import employer_has_open_claims
from tests import factories
from wages.models import ClaimEvent, WageClaim
from wages.services.claims import (
    TRANSITIONS,
    claim_event_add,
    claim_open,
    claim_open_from_assignment,
    claim_payment,
    claim_transition,
    claim_update,
)

pytestmark = pytest.mark.django_db
Status = WageClaim.Status
ALL = list(Status.values)
ILLEGAL = [(a, b) for a in ALL for b in ALL if b not in TRANSITIONS[a]]
LEGAL = [(a, b) for a in ALL for b in TRANSITIONS[a]]


@pytest.fixture
def claim(center):
    return factories.WageClaimFactory(center=center, amount_owed=Decimal("200.00"))


@pytest.mark.parametrize(("current", "to"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_nothing_changes(center, current, to):
    claim = factories.WageClaimFactory(center=center, status=current)
    with pytest.raises(ClaimError) as refused:
        claim_transition(claim=claim, to=to, note="try", referred_to="legal_aid")
    assert refused.value.code == "illegal_transition"
    claim.refresh_from_db()
    assert claim.status == current
    assert not claim.events.exists()


@pytest.mark.parametrize(("current", "to"), LEGAL)
def test_every_legal_transition_is_recorded_on_the_timeline(center, current, to, coordinator):
    claim = factories.WageClaimFactory(center=center, status=current)
    claim_transition(claim=claim, to=to, note="why", referred_to="legal_aid", by=coordinator)
    claim.refresh_from_db()
    assert claim.status == to
    event = claim.events.get()
    assert (event.from_status, event.to_status, event.by) == (current, to, coordinator)


def test_the_workflow_has_no_way_back_from_closed():
    assert TRANSITIONS[Status.CLOSED] == frozenset()
    assert Status.DRAFT not in set().union(*TRANSITIONS.values())


def test_an_unknown_status_is_refused(claim):
    with pytest.raises(ClaimError):
        claim_transition(claim=claim, to="won")


def test_referring_needs_where_to(claim):
    with pytest.raises(ClaimError) as refused:
        claim_transition(claim=claim, to=Status.REFERRED)
    assert refused.value.field == "referred_to"
    claim_transition(claim=claim, to=Status.REFERRED, referred_to="labor_commissioner")
    claim.refresh_from_db()
    assert claim.referred_to == "labor_commissioner"
    assert claim.events.get().kind == ClaimEvent.Kind.REFERRAL


def test_closing_without_a_resolution_needs_a_note(claim):
    with pytest.raises(ClaimError):
        claim_transition(claim=claim, to=Status.CLOSED)
    claim_transition(claim=claim, to=Status.RESOLVED)
    claim_transition(claim=claim, to=Status.CLOSED)
    claim.refresh_from_db()
    assert claim.resolved_at is not None
    assert claim.status == Status.CLOSED


def test_each_status_change_texts_the_worker_in_their_language(center, outbox):
    worker = factories.WorkerFactory(center=center, preferred_language="en")
    claim = factories.WageClaimFactory(center=center, worker=worker)
    claim_transition(claim=claim, to=Status.EMPLOYER_CONTACTED)
    sent = outbox(kind="claim_update")
    assert [m.worker for m in sent] == [worker]
    assert "contacted" in sent[0].body


def test_partial_payments_add_up_to_the_recovered_amount(claim, coordinator):
    claim_payment(claim=claim, amount="50.00", by=coordinator)
    claim_payment(claim=claim, amount=Decimal("75.5"))
    claim.refresh_from_db()
    assert claim.amount_recovered == Decimal("125.50")
    payments = claim.events.filter(kind=ClaimEvent.Kind.PAYMENT)
    assert [p.amount for p in payments] == [Decimal("50.00"), Decimal("75.50")]
    assert payments[0].by == coordinator


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "", "NaN", "1e12"])
def test_a_payment_must_be_a_positive_amount(claim, amount):
    with pytest.raises(ClaimError):
        claim_payment(claim=claim, amount=amount)
    claim.refresh_from_db()
    assert claim.amount_recovered == 0
    assert not claim.events.exists()


def test_recovering_more_than_owed_is_refused_unless_a_note_explains(claim):
    claim_payment(claim=claim, amount="150")
    with pytest.raises(ClaimError) as refused:
        claim_payment(claim=claim, amount="100")
    assert refused.value.code == "over_recovered"
    claim.refresh_from_db()
    assert claim.amount_recovered == Decimal("150.00")
    claim_payment(claim=claim, amount="100", note="Waiting-time penalty paid too")
    claim.refresh_from_db()
    assert claim.amount_recovered == Decimal("250.00")


def test_payments_are_refused_on_drafts_and_closed_claims(center):
    for status in (Status.DRAFT, Status.CLOSED):
        claim = factories.WageClaimFactory(center=center, status=status)
        with pytest.raises(ClaimError):
            claim_payment(claim=claim, amount="10")


def test_amounts_owed_are_never_negative(center):
    worker = factories.WorkerFactory(center=center)
    employer = factories.EmployerFactory(center=center)
    with pytest.raises(ClaimError):
        claim_open(
            center=center,
            worker=worker,
            employer=employer,
            amount_owed="-10",
            work_start=center.today(),
        )
    claim = factories.WageClaimFactory(center=center)
    with pytest.raises(ClaimError):
        claim_update(claim=claim, amount_owed="-1")
    assert WageClaim.objects.count() == 1


def test_owed_below_recovered_needs_a_note(claim):
    claim_payment(claim=claim, amount="150")
    with pytest.raises(ClaimError):
        claim_update(claim=claim, amount_owed="100")
    claim_update(claim=claim, amount_owed="100", note="Employer proved a $50 advance")
    claim.refresh_from_db()
    assert claim.amount_owed == Decimal("100.00")


def test_a_claim_from_scratch_checks_center_and_dates(center, other_center, coordinator, outbox):
    worker = factories.WorkerFactory(center=center)
    employer = factories.EmployerFactory(center=center)
    stranger = factories.EmployerFactory(center=other_center)
    today = center.today()
    with pytest.raises(ClaimError):
        claim_open(
            center=center, worker=worker, employer=stranger, amount_owed="10", work_start=today
        )
    with pytest.raises(ClaimError):
        claim_open(
            center=center,
            worker=worker,
            employer=employer,
            amount_owed="10",
            work_start=today,
            work_end=today - timedelta(days=1),
        )
    claim = claim_open(
        center=center,
        worker=worker,
        employer=employer,
        amount_owed="480",
        work_start=today - timedelta(days=3),
        work_end=today,
        description="Three days of drywall, never paid",
        by=coordinator,
    )
    assert claim.status == Status.OPEN
    assert claim.opened_by == coordinator
    assert claim.events.get().to_status == Status.OPEN
    assert outbox(kind="claim_update")[0].worker == worker


def test_a_claim_from_an_assignment_fills_in_job_employer_and_pay(center, coordinator):
    assignment = factories.AssignmentFactory(
        job__center=center, hours_worked=Decimal("8"), state="completed"
    )
    claim = claim_open_from_assignment(assignment=assignment, by=coordinator)
    assert claim.job == assignment.job
    assert claim.employer == assignment.job.employer
    assert claim.worker == assignment.worker
    assert claim.amount_owed == Decimal("200.00")  # 8 h × $25
    assert claim.work_start == claim.work_end == assignment.date
    assignment.refresh_from_db()
    assert assignment.paid_status == Assignment.PaidStatus.UNPAID
    with pytest.raises(ClaimError) as twice:
        claim_open_from_assignment(assignment=assignment)
    assert twice.value.code == "duplicate"


def test_a_full_recovery_marks_the_job_paid(center):
    assignment = factories.AssignmentFactory(
        job__center=center, hours_worked=Decimal("4"), state="completed"
    )
    claim = claim_open_from_assignment(assignment=assignment)  # 4 h × $25
    claim_payment(claim=claim, amount="40")
    assignment.refresh_from_db()
    assert assignment.paid_status == Assignment.PaidStatus.PARTIAL
    claim_payment(claim=claim, amount="60")
    assignment.refresh_from_db()
    assert assignment.paid_status == Assignment.PaidStatus.PAID


def test_timeline_events_need_a_kind_and_a_note(claim, coordinator):
    event = claim_event_add(claim=claim, kind="call", note="Left a voicemail", by=coordinator)
    assert event.by == coordinator
    with pytest.raises(ClaimError):
        claim_event_add(claim=claim, kind="payment", note="sneaky")
    with pytest.raises(ClaimError):
        claim_event_add(claim=claim, kind="visit", note="")
    assert claim.events.count() == 1


def test_an_employer_is_flagged_while_a_claim_is_open(center):
    employer = factories.EmployerFactory(center=center)
    assert not employer_has_open_claims(employer)
    claim = factories.WageClaimFactory(center=center, employer=employer, status="draft")
    assert not employer_has_open_claims(employer)
    claim_transition(claim=claim, to=Status.OPEN)
    assert employer_has_open_claims(employer)
    claim_transition(claim=claim, to=Status.RESOLVED)
    assert not employer_has_open_claims(employer)
