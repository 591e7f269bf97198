from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests import factories
from wages.models import WageClaim
from wages.services.claims import claim_payment, claim_transition
from wages.services.ledger import assignment_complete
from workers.sanctions import sanction_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(center):
    worker = factories.WorkerFactory(center=center, full_name="María López")
    return factories.WageClaimFactory(
        center=center, worker=worker, amount_owed=Decimal("300.00"), status="employer_contacted"
    )


def test_claims_list_shows_this_centers_claims_only(desk_client, claim, other_center):
    foreign = factories.WageClaimFactory(center=other_center)
    response = desk_client.get("/claims/")
    assert response.status_code == 200
    assert f"#{claim.pk}" in response.content.decode()
    assert desk_client.get(f"/claims/{foreign.pk}/").status_code == 404


def test_board_members_cannot_open_claim_pages(client, board_member, claim):
    client.force_login(board_member)
    assert client.get("/claims/").status_code == 403
    assert client.get(f"/claims/{claim.pk}/letter/").status_code == 403


def test_the_detail_offers_only_legal_next_steps(desk_client, claim):
    page = desk_client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'id="move-demand_letter_sent"' in page
    assert 'id="move-resolved"' in page
    assert 'id="move-open"' not in page
    assert 'id="move-draft"' not in page


def test_payment_and_transition_through_the_page(desk_client, claim, coordinator):
    desk_client.post(f"/claims/{claim.pk}/payment/", {"amount": "100", "note": ""})
    response = desk_client.post(
        f"/claims/{claim.pk}/transition/", {"to": "referred", "referred_to": "small_claims"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.amount_recovered == Decimal("100.00")
    assert claim.status == "referred"
    refused = desk_client.post(f"/claims/{claim.pk}/transition/", {"to": "open"}, follow=True)
    assert "cannot become" in refused.content.decode()


def test_opening_a_claim_from_scratch_by_badge(desk_client, center):
    worker = factories.WorkerFactory(center=center)
    employer = factories.EmployerFactory(center=center)
    response = desk_client.post(
        "/claims/new/",
        {
            "badge": worker.badge,
            "employer": employer.pk,
            "amount_owed": "220.00",
            "work_start": str(center.today() - timedelta(days=2)),
            "work_end": str(center.today()),
            "description": "Moving job, paid nothing",
        },
    )
    claim = WageClaim.objects.get()
    assert response.status_code == 302
    assert (claim.worker, claim.employer, claim.amount_owed) == (worker, employer, Decimal("220"))
    bad = desk_client.post(
        "/claims/new/",
        {"badge": 999999, "employer": employer.pk, "amount_owed": "1", "work_start": "2026-01-01"},
    )
    assert bad.status_code == 400
    assert "No worker has that badge" in bad.content.decode()


def test_the_demand_letter_in_english_and_spanish(desk_client, claim):
    claim_payment(claim=claim, amount="50")
    english = desk_client.get(f"/claims/{claim.pk}/letter/?lang=en").content.decode()
    assert "Unpaid wages owed to María López" in english
    assert "$250.00" in english
    spanish = desk_client.get(f"/claims/{claim.pk}/letter/?lang=es").content.decode()
    assert "Salarios no pagados a María López" in spanish
    assert 'lang="es"' in spanish


def test_job_log_completes_a_worker_and_flags_a_repeat_employer(desk_client, center):
    earlier = factories.AssignmentFactory(
        job__center=center, job__date=center.today() - timedelta(days=9)
    )
    assignment_complete(assignment=earlier, hours_worked="5")
    assignment = factories.AssignmentFactory(job__center=center, job__employer=earlier.job.employer)
    page = desk_client.get(f"/jobs/{assignment.job_id}/log/").content.decode()
    assert "Repeat employer" in page
    response = desk_client.post(
        f"/assignments/{assignment.pk}/complete/",
        {
            f"a{assignment.pk}-hours_worked": "6",
            f"a{assignment.pk}-amount_paid": "",
            f"a{assignment.pk}-pay_note": "",
            f"a{assignment.pk}-paid_status": "paid",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.state, assignment.amount_paid) == ("completed", Decimal("150.00"))
    log = desk_client.get(f"/jobs/log/?date={center.today()}").content.decode()
    assert assignment.worker.known_as in log


def test_worker_history_shows_jobs_sanctions_and_lifts(desk_client, center, coordinator):
    center.strike_limit = 1
    center.save()
    assignment = factories.AssignmentFactory(job__center=center)
    assignment_complete(assignment=assignment, hours_worked="4")
    worker = assignment.worker
    sanction_record(worker=worker, kind="misconduct", reason="Argued with employer")
    page = desk_client.get(f"/workers/{worker.pk}/history/").content.decode()
    assert "Argued with employer" in page
    assert "$100.00" in page
    assert 'id="lift-submit"' in page
    desk_client.post(f"/workers/{worker.pk}/sanctions/lift/", {"reason": "Apologized"})
    worker.refresh_from_db()
    assert worker.suspended_until is None


def test_employer_history_counts_jobs_workers_and_ratings(desk_client, center):
    assignment = factories.AssignmentFactory(job__center=center)
    assignment_complete(assignment=assignment, hours_worked="4")
    assignment.employer_rating = 2
    assignment.employer_rating_comment = "No water"
    assignment.save()
    page = desk_client.get(f"/employers/{assignment.job.employer_id}/history/").content.decode()
    assert "No water" in page
    assert assignment.worker.known_as in page


def test_history_pages_keep_a_fixed_number_of_queries(
    desk_client, center, django_assert_max_num_queries
):
    worker = factories.WorkerFactory(center=center)
    for days in range(1, 15):
        row = factories.AssignmentFactory(
            job__center=center, worker=worker, job__date=center.today() - timedelta(days=days)
        )
        assignment_complete(assignment=row, hours_worked="5")
    with django_assert_max_num_queries(15):
        desk_client.get(f"/workers/{worker.pk}/history/")
    with django_assert_max_num_queries(15):
        desk_client.get(f"/jobs/log/?date={center.today() - timedelta(days=1)}")


def test_audit_page_is_for_center_admins_and_shows_who_changed_what(
    client, center, center_admin, coordinator, claim
):
    claim_transition(claim=claim, to="resolved", by=coordinator)
    client.force_login(coordinator)
    assert client.get("/audit/").status_code == 403
    client.force_login(center_admin)
    page = client.get(f"/audit/?kind=claim&id={claim.pk}").content.decode()
    assert coordinator.username in page
    assert "Employer contacted → Resolved" in page
