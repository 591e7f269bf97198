"""Feedback that stays fair: employers decline a worker only for a reason about the work,
reviewed by the center; asking for a worker again by name goes by the center's rules and
shows as out of turn; the desk sees the employer's record before sending anyone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from dispatch import reasons
from dispatch.errors import DispatchError
from dispatch.models import DispatchDecision, SignIn
from dispatch.services import morning
from employers import selectors, services
from employers.errors import DispatchConflict
from employers.models import WorkerDecline
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(center):
    return factories.EmployerFactory(center=center, name="Dana Smith")


@pytest.fixture
def sent(center, employer):
    """A worker who went to one of the employer's jobs yesterday."""
    job = factories.JobFactory(
        center=center, employer=employer, date=center.today() - timedelta(days=1)
    )
    return factories.AssignmentFactory(job=job, state="completed").worker


def decline(employer, worker, reason="no_show", note="Did not come"):
    return services.decline_create(
        employer=employer, worker=worker, reason=reason, note=note, by=None
    )


def test_an_employer_can_decline_only_a_worker_it_was_sent(center, employer, sent):
    stranger = factories.WorkerFactory(center=center)
    with pytest.raises(DispatchError, match="sent to your jobs"):
        decline(employer, stranger)
    assert decline(employer, sent).status == "pending"


def test_a_decline_needs_a_reason_from_the_list_and_words(employer, sent):
    with pytest.raises(DispatchError):
        decline(employer, sent, reason="race")
    with pytest.raises(DispatchError, match="what happened"):
        decline(employer, sent, note="  ")
    assert not WorkerDecline.objects.exists()


def test_a_worker_is_declined_once_at_a_time(employer, sent):
    decline(employer, sent)
    with pytest.raises(DispatchConflict):
        decline(employer, sent)
    assert WorkerDecline.objects.count() == 1


@pytest.mark.parametrize(
    "ground", ["national_origin", "language", "age", "sex", "race", "religion", "disability"]
)
def test_a_decline_found_to_be_discrimination_is_refused_even_if_accept_is_asked(
    employer, sent, coordinator, ground
):
    reviewed = services.decline_review(
        decline=decline(employer, sent, reason="quality", note="No entiende inglés"),
        accept=True,
        ground=ground,
        by=coordinator,
    )
    assert reviewed.status == "refused"
    assert reviewed.reviewed_by == coordinator
    assert selectors.declined_worker_ids(employer_id=employer.pk) == set()


def test_only_a_reason_about_the_work_can_be_accepted(employer, sent, coordinator):
    pending = decline(employer, sent)
    with pytest.raises(DispatchError, match="about the work"):
        services.decline_review(decline=pending, accept=True, ground="unsupported", by=coordinator)
    assert WorkerDecline.objects.get().status == "pending"
    with pytest.raises(DispatchError, match="why"):
        services.decline_review(decline=pending, accept=False, ground="unsupported", by=None)
    accepted = services.decline_review(decline=pending, accept=True, ground="work", by=None)
    assert accepted.status == "accepted"
    with pytest.raises(DispatchConflict):
        services.decline_review(decline=accepted, accept=False, ground="work", note="x", by=None)


def test_an_accepted_decline_skips_the_worker_for_that_employer_with_a_reason(
    center, employer, sent
):
    services.decline_review(decline=decline(employer, sent), accept=True, ground="work", by=None)
    other = factories.WorkerFactory(center=center)
    now = center.local_datetime(center.today(), center.lottery_cutoff) + timedelta(minutes=1)
    for worker in (sent, other):
        morning.signin_create(center=center, badge=worker.badge, now=now)
    job = factories.JobFactory(center=center, employer=employer, workers_needed=2)
    result = morning.job_dispatch_desk(job=job)
    assert [a.worker for a in result.assignments] == [other]
    assert (sent, reasons.EMPLOYER_DECLINED) in result.skipped
    why = set(
        DispatchDecision.objects.filter(worker=sent, job=job).values_list("reason", flat=True)
    )
    assert why == {reasons.EMPLOYER_DECLINED}
    assert "declined" in reasons.label(reasons.EMPLOYER_DECLINED)
    # Another employer's job still gets them.
    elsewhere = factories.JobFactory(center=center)
    assert [a.worker for a in morning.job_dispatch_desk(job=elsewhere).assignments] == [sent]


def test_the_desk_cannot_hand_an_accepted_decline_the_job_by_badge(center, employer, sent):
    services.decline_review(decline=decline(employer, sent), accept=True, ground="work", by=None)
    job = factories.JobFactory(center=center, employer=employer)
    with pytest.raises(DispatchError, match="cannot be sent to this employer"):
        morning.assignment_direct(job=job, badge=sent.badge, reason="skill")
    assert not job.assignments.exists()


def test_a_worker_asked_for_by_name_goes_first_and_shows_out_of_turn(center, employer, sent):
    center.allow_employer_requests = True
    center.save()
    now = center.local_datetime(center.today(), center.lottery_cutoff) + timedelta(minutes=1)
    first = factories.WorkerFactory(center=center)
    for worker in (first, sent):
        morning.signin_create(center=center, badge=worker.badge, now=now)
    SignIn.objects.filter(worker=first).update(position=1)
    SignIn.objects.filter(worker=sent).update(position=2)
    job = services.job_create(
        center=center,
        employer=employer,
        by=None,
        source="portal",
        requested_badges=[sent.badge],
        description="Yard",
        workers_needed=1,
        date=center.today(),
        start_time=factories.LATER_TODAY,
        estimated_hours=Decimal("4"),
        hourly_wage=center.wage_floor,
        address="1 Main St",
    )
    [assignment] = morning.job_dispatch_desk(job=job).assignments
    assert (assignment.worker, assignment.how) == (sent, "employer_request")
    chosen = DispatchDecision.objects.get(job=job, outcome="chosen")
    assert chosen.out_of_turn_reason == "employer_request"
    assert chosen.reason == reasons.CHOSEN_REQUEST


def test_a_center_that_takes_no_requests_refuses_a_request_by_name(center, employer, sent):
    center.allow_employer_requests = False
    center.save()
    with pytest.raises(DispatchError, match="does not take requests"):
        services._requested_workers(center, [sent.badge])


def test_past_workers_are_offered_by_name_but_not_those_declined(center, employer, sent):
    again = factories.AssignmentFactory(
        job=factories.JobFactory(center=center, employer=employer), state="active"
    ).worker
    assert set(selectors.employer_past_workers(employer)) == {sent, again}
    services.decline_review(decline=decline(employer, sent), accept=True, ground="work", by=None)
    assert list(selectors.employer_past_workers(employer)) == [again]


def test_the_employer_record_counts_claims_ratings_and_no_pay_reports(center, employer):
    for rating, paid in ((5, "paid"), (2, "unpaid"), (None, "partial")):
        factories.AssignmentFactory(
            job=factories.JobFactory(center=center, employer=employer),
            state="completed",
            employer_rating=rating,
            paid_status=paid,
        )
    factories.WageClaimFactory(center=center, employer=employer, status="open")
    factories.WageClaimFactory(center=center, employer=employer, status="resolved")
    factories.WageClaimFactory(center=center, employer=employer, status="draft")
    assert selectors.employer_record(employer) == {
        "open_claims": 1,
        "closed_claims": 1,
        "rating": Decimal("3.5"),
        "ratings": 2,
        "no_pay": 2,
    }


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_jobs_desk_page_shows_the_employers_record(desk_client, center, employer, language):
    factories.AssignmentFactory(
        job=factories.JobFactory(center=center, employer=employer),
        state="completed",
        employer_rating=4,
        paid_status="unpaid",
    )
    job = factories.JobFactory(center=center, employer=employer)
    page = desk_client.get(
        reverse("job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    if language == "es":
        assert "Historial de este empleador" in page
        assert "los trabajadores lo califican 4/5 (1 calificación)" in page
        assert "1 trabajo reportado sin pago completo" in page
    else:
        assert 'id="employer-record"' in page
        assert "workers rate them 4/5 (1 rating)" in page
        assert "1 job reported not paid in full" in page


# --- the center's review page ---------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_coordinator_refuses_a_discriminatory_decline_on_the_review_page(
    desk_client, employer, sent, language
):
    pending = decline(employer, sent, reason="other", note="Habla mixteco")
    listing = desk_client.get(reverse("decline-list"), HTTP_ACCEPT_LANGUAGE=language)
    assert "Habla mixteco" in listing.content.decode()
    response = desk_client.post(
        reverse("decline-review", args=[pending.pk]),
        {"decision": "accept", "ground": "language", "review_note": ""},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    assert response.status_code == 200
    expected = "es discriminación" if language == "es" else "is discrimination"
    assert expected in response.content.decode()
    assert WorkerDecline.objects.get().status == "refused"


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_review_without_a_ground_says_so_and_changes_nothing(
    desk_client, employer, sent, language
):
    pending = decline(employer, sent)
    response = desk_client.post(
        reverse("decline-review", args=[pending.pk]),
        {"decision": "accept", "ground": ""},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert (
        "Este campo es requerido" if language == "es" else "This field is required"
    ) in response.content.decode()
    assert WorkerDecline.objects.get().status == "pending"


def test_another_centers_coordinator_cannot_see_or_review_a_decline(
    client, other_coordinator, employer, sent
):
    pending = decline(employer, sent, note="Secret words")
    client.force_login(other_coordinator)
    assert "Secret words" not in client.get(reverse("decline-list")).content.decode()
    url = reverse("decline-review", args=[pending.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept", "ground": "work"}).status_code == 404
    assert WorkerDecline.objects.get().status == "pending"


def test_a_worker_asked_for_by_name_who_accepts_by_sms_shows_out_of_turn(center, employer, sent):
    from dispatch.services import offers

    center.allow_employer_requests = True
    center.save()
    now = center.local_datetime(center.today(), center.lottery_cutoff) + timedelta(minutes=1)
    first = factories.WorkerFactory(center=center)
    for worker in (first, sent):
        morning.signin_create(center=center, badge=worker.badge, now=now)
    SignIn.objects.filter(worker__in=[first, sent]).update(present=False)
    SignIn.objects.filter(worker=first).update(position=1)
    SignIn.objects.filter(worker=sent).update(position=2)
    job = factories.JobFactory(center=center, employer=employer, requested=[sent])
    [offer] = offers.offers_send(job=job).offers
    assert offer.worker == sent
    offers.offers_answer(worker=sent, accept=True)
    assert job.assignments.get().how == "sms_offer"
    chosen = DispatchDecision.objects.get(job=job, outcome="chosen")
    assert chosen.out_of_turn_reason == "employer_request"
    assert chosen.reason == reasons.CHOSEN_OFFER
