from __future__ import annotations

from decimal import Decimal

import pytest

from dispatch.models import Assignment
from tests import factories
from wages.models import WageClaim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(center):
    return factories.WageClaimFactory(center=center, amount_owed=Decimal("300.00"))


def test_claims_list_is_scoped_to_the_callers_center(api, center, other_center, claim):
    factories.WageClaimFactory(center=other_center)
    response = api.get("/api/v1/claims/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [claim.pk]
    row = response.json()["results"][0]
    assert row["amount_owed"] == "300.00"
    assert row["amount_recovered"] == "0.00"
    assert row["status"] == "open"


def test_another_centers_claim_is_a_404(api, other_center):
    foreign = factories.WageClaimFactory(center=other_center)
    assert api.get(f"/api/v1/claims/{foreign.pk}/").status_code == 404
    response = api.post(f"/api/v1/claims/{foreign.pk}/transition/", {"to": "resolved"})
    assert response.status_code == 404


def test_board_members_cannot_read_claims(api_for, board_member, claim):
    assert api_for(board_member).get("/api/v1/claims/").status_code == 403


def test_search_ignores_accents_and_case(api, center):
    worker = factories.WorkerFactory(center=center, full_name="José Núñez")
    worker.search_text = "jose nunez"
    worker.save()
    mine = factories.WageClaimFactory(center=center, worker=worker)
    factories.WageClaimFactory(center=center)
    response = api.get("/api/v1/claims/?search=NUÑEZ")
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_transition_moves_the_claim_and_refuses_illegal_moves(api, claim):
    response = api.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"to": "employer_contacted", "note": "Called Mr. Smith"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "employer_contacted"
    assert response.json()["events"][-1]["to_status"] == "employer_contacted"

    refused = api.post(f"/api/v1/claims/{claim.pk}/transition/", {"to": "draft"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "illegal_transition"
    assert "cannot become" in refused.json()["detail"]


def test_transition_refusal_speaks_spanish_when_asked(api, claim):
    response = api.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"to": "referred"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Indique a dónde se refiere el reclamo")
    assert response.json()["errors"]["referred_to"]


def test_payments_are_recorded_and_overpayment_needs_a_note(api, claim):
    paid = api.post(f"/api/v1/claims/{claim.pk}/payments/", {"amount": "120.00"}, format="json")
    assert paid.status_code == 201
    assert paid.json()["amount_recovered"] == "120.00"
    too_much = api.post(f"/api/v1/claims/{claim.pk}/payments/", {"amount": "200"}, format="json")
    assert too_much.status_code == 400
    assert too_much.json()["errors"]["amount"]
    negative = api.post(f"/api/v1/claims/{claim.pk}/payments/", {"amount": "-5"}, format="json")
    assert negative.status_code == 400
    claim.refresh_from_db()
    assert claim.amount_recovered == Decimal("120.00")


def test_open_a_claim_from_scratch_with_ids_of_this_center_only(api, center, other_center):
    worker = factories.WorkerFactory(center=center)
    employer = factories.EmployerFactory(center=center)
    foreign = factories.EmployerFactory(center=other_center)
    body = {
        "worker": worker.pk,
        "employer": foreign.pk,
        "amount_owed": "250.00",
        "work_start": str(center.today()),
        "description": "Two days of painting",
    }
    assert api.post("/api/v1/claims/", body, format="json").status_code == 400
    body["employer"] = employer.pk
    response = api.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "open"
    assert WageClaim.objects.get().opened_by is not None


def test_open_a_claim_from_an_assignment(api, center):
    assignment = factories.AssignmentFactory(
        job__center=center, state="completed", hours_worked=Decimal("4")
    )
    response = api.post("/api/v1/claims/", {"assignment": assignment.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount_owed"] == "100.00"
    assert response.json()["job"] == assignment.job_id
    again = api.post(f"/api/v1/assignments/{assignment.pk}/claim/", {}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "duplicate"


def test_complete_rate_and_no_show_through_the_api(api, center):
    job = factories.JobFactory(
        center=center, workers_needed=2, hourly_wage=Decimal("25.00"), status="filled"
    )
    first = factories.AssignmentFactory(job=job, slot=1)
    second = factories.AssignmentFactory(job=job, slot=2)
    done = api.post(
        f"/api/v1/assignments/{first.pk}/complete/",
        {"hours_worked": "5", "paid_status": "paid"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["amount_paid"] == "125.00"
    rated = api.post(
        f"/api/v1/assignments/{first.pk}/rate/",
        {"worker_rating": 5, "employer_rating": 4, "employer_rating_comment": "Fair"},
        format="json",
    )
    assert rated.json()["employer_rating"] == 4
    bad = api.post(f"/api/v1/assignments/{first.pk}/rate/", {"worker_rating": 9}, format="json")
    assert bad.status_code == 400
    no_show = api.post(f"/api/v1/assignments/{second.pk}/no-show/", {}, format="json")
    assert no_show.json()["state"] == "no_show"
    assert second.worker.sanctions.count() == 1
    assert Assignment.objects.filter(job=job, state="active").count() == 0


def test_assignments_of_another_center_are_invisible(api, other_center):
    foreign = factories.AssignmentFactory(job__center=other_center)
    assert api.get("/api/v1/assignments/").json()["results"] == []
    response = api.post(f"/api/v1/assignments/{foreign.pk}/complete/", {"hours_worked": "3"})
    assert response.status_code == 404


def test_claims_and_assignments_are_in_the_openapi_schema(api):
    schema = api.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/claims/{id}/transition/",
        "/api/v1/claims/{id}/payments/",
        "/api/v1/assignments/{id}/complete/",
        "/api/v1/assignments/{id}/no-show/",
    ):
        assert path in schema
