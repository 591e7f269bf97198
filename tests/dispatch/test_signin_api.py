"""The morning loop's REST API: sign-ins, lottery, dispatch, offers, undo; query budgets."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dispatch.models import Assignment, SignIn
from dispatch.services import morning
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def open_all_day(center):
    center.signin_opens = time(0, 0)
    center.save()


def test_a_badge_post_signs_the_worker_in(api, center):
    worker = factories.WorkerFactory(center=center, known_as="Chuy")
    response = api.post("/api/v1/signins/", {"badge": worker.badge}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["known_as"] == "Chuy"
    assert response.json()["badge"] == worker.badge
    assert SignIn.objects.get().method == SignIn.Method.API


def test_a_second_badge_post_is_a_409_with_a_readable_reason(api, center):
    worker = factories.WorkerFactory(center=center, known_as="Chuy")
    api.post("/api/v1/signins/", {"badge": worker.badge}, format="json")
    response = api.post("/api/v1/signins/", {"badge": worker.badge}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "already_signed_in"
    assert "Chuy already signed in today" in response.json()["detail"]


def test_a_refusal_is_in_the_requests_language(api, center, other_center):
    worker = factories.WorkerFactory(center=other_center, badge=777)
    response = api.post(
        "/api/v1/signins/", {"badge": worker.badge}, format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "La tarjeta 777 es de otro centro."


def test_board_members_and_strangers_cannot_sign_workers_in(api_for, board_member, center):
    worker = factories.WorkerFactory(center=center)
    response = api_for(board_member).post("/api/v1/signins/", {"badge": worker.badge})
    assert response.status_code == 403
    assert APIClient().post("/api/v1/signins/", {"badge": worker.badge}).status_code == 401
    assert not SignIn.objects.exists()


def test_the_sign_in_list_shows_only_the_callers_center(api, center, other_center):
    mine = factories.WorkerFactory(center=center)
    theirs = factories.WorkerFactory(center=other_center)
    morning.signin_create(center=center, badge=mine.badge)
    other_center.signin_opens = time(0, 0)
    other_center.save()
    morning.signin_create(center=other_center, badge=theirs.badge)
    results = api.get("/api/v1/signins/").json()["results"]
    assert [row["badge"] for row in results] == [mine.badge]
    assert set(results[0]) >= {
        "badge",
        "known_as",
        "lottery_number",
        "position",
        "state",
        "signed_in_at",
    }


def _sign_in(center, count):
    for worker in factories.WorkerFactory.create_batch(count, center=center):
        morning.signin_create(center=center, badge=worker.badge)


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        response = call()
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def test_the_sign_in_list_costs_the_same_queries_for_10_and_300_workers(center, api):
    _sign_in(center, 10)
    api.get("/api/v1/signins/")  # the first request of a client user caches its role
    few = _queries(lambda: api.get("/api/v1/signins/?page_size=500"))
    _sign_in(center, 290)
    many = _queries(lambda: api.get("/api/v1/signins/?page_size=500"))
    assert few == many
    assert many <= 12


def test_a_badge_sign_in_with_token_authentication_costs_at_most_8_queries(center, coordinator):
    _sign_in(center, 3)  # the day's draw row exists, as on any morning after the first scan
    worker = factories.WorkerFactory(center=center)
    token = Token.objects.create(user=coordinator)
    client = APIClient()
    with CaptureQueriesContext(connection) as context:
        response = client.post(
            "/api/v1/signins/",
            {"badge": worker.badge},
            format="json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )
    assert response.status_code == 201, response.content
    assert len(context.captured_queries) <= 8, [q["sql"] for q in context.captured_queries]


def test_a_badge_sign_in_with_a_session_costs_at_most_8_queries(center, coordinator, client):
    _sign_in(center, 3)
    worker = factories.WorkerFactory(center=center)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as context:
        response = client.post(
            "/api/v1/signins/", {"badge": worker.badge}, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    assert len(context.captured_queries) <= 8, [q["sql"] for q in context.captured_queries]


def test_the_lottery_shows_the_commitment_before_and_the_seed_after_the_draw(api, center):
    _sign_in(center, 3)
    before = api.get("/api/v1/lottery/").json()
    assert len(before["commitment"]) == 64
    assert before["seed"] is None
    drawn = api.post("/api/v1/lottery/")
    assert drawn.status_code == 201
    after = api.get("/api/v1/lottery/").json()
    assert after["seed"] is not None
    assert len(after["order"]) == 3
    assert after["commitment"] == before["commitment"]
    assert api.post("/api/v1/lottery/").status_code == 409


def test_dispatch_api_assigns_at_the_desk_and_explains_skips(api, center):
    roofing = factories.SkillFactory(code="roofing")
    plain = factories.WorkerFactory(center=center, known_as="Plain")
    roofer = factories.WorkerFactory(center=center, skills=[roofing], known_as="Roofer")
    for worker in (plain, roofer):
        morning.signin_create(center=center, badge=worker.badge)
    morning.lottery_draw(center=center)
    SignIn.objects.filter(worker=plain).update(position=1)
    SignIn.objects.filter(worker=roofer).update(position=2)
    job = factories.JobFactory(center=center, skills=[roofing])
    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"via": "desk"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["badge"] for row in body["assigned"]] == [roofer.badge]
    assert body["skipped"] == [
        {
            "badge": plain.badge,
            "known_as": "Plain",
            "reason": "missing_skill",
            "reason_text": "Lacks a skill the job needs",
        }
    ]
    assert body["status"] == "filled"


def test_dispatch_api_offers_by_sms_and_lists_offers(api, center):
    worker = factories.WorkerFactory(center=center)
    morning.signin_create(center=center, badge=worker.badge)
    job = factories.JobFactory(center=center)
    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"via": "sms"}, format="json")
    assert response.status_code == 200, response.content
    assert [row["badge"] for row in response.json()["offered"]] == [worker.badge]
    offers = api.get(f"/api/v1/offers/?job={job.pk}").json()["results"]
    assert [(row["badge"], row["state"]) for row in offers] == [(worker.badge, "pending")]


def test_dispatch_api_assigns_a_worker_at_the_desk_directly_by_badge(api, center):
    worker = factories.WorkerFactory(center=center)
    job = factories.JobFactory(center=center)
    morning.signin_create(center=center, badge=worker.badge)  # first in line: in turn
    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"badge": worker.badge}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assigned"][0]["how"] == "walk_in"


def test_another_centers_job_is_a_404(api, other_center):
    job = factories.JobFactory(center=other_center)
    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"via": "desk"}, format="json")
    assert response.status_code == 404


def test_undo_api_needs_a_reason_and_reopens_the_job(api, center):
    worker = factories.WorkerFactory(center=center)
    job = factories.JobFactory(center=center)
    assignment = morning.assignment_create(job=job, worker=worker, how="walk_in")
    url = f"/api/v1/assignments/{assignment.pk}/undo/"
    assert api.post(url, {"reason": ""}, format="json").status_code == 400
    response = api.post(url, {"reason": "Called the wrong number"}, format="json")
    assert response.status_code == 200
    assert Assignment.objects.get().state == "undone"
