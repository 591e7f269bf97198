"""Attendance by badge scan at the desk: the scan box in attendance mode records attendance
through the same keyed, no-loss path as the morning's sign-in; and the activity pages."""

from __future__ import annotations

import uuid
from datetime import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatch.models import DeskScan, SignIn
from tests import factories
from workers import activities
from workers.cards import worker_card_code
from workers.models import Activity, Attendance, Certificate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def osha(center):
    return activities.activity_create(
        center=center,
        kind=Activity.Kind.SAFETY,
        training="osha10",
        title="OSHA-10",
        date=center.today(),
        start_time=time(9, 0),
        hours=Decimal("10"),
        capacity=2,
    )


@pytest.fixture
def speaking(desk_client, coordinator):
    def make(language):
        coordinator.language = language
        coordinator.save(update_fields=["language"])
        return desk_client

    return make


def scan(client, typed, activity, key=None):
    return client.post(
        "/desk/signin/",
        {"q": typed, "activity": activity.pk},
        HTTP_IDEMPOTENCY_KEY=str(key or uuid.uuid4()),
        **HTMX,
    )


def test_a_scan_in_attendance_mode_records_attendance_and_signs_nobody_in(desk_client, osha):
    worker = factories.WorkerFactory(center=osha.center, known_as="Chuy")
    response = scan(desk_client, worker_card_code(worker), osha)
    assert response.status_code == 200
    assert response["X-Desk-Answer"] == "1"
    assert "Chuy" in response.content.decode()
    assert "recorded at OSHA-10" in response.content.decode()
    assert Attendance.objects.get().worker == worker
    assert not SignIn.objects.exists()


def test_a_retried_scan_is_answered_again_and_counted_once(desk_client, osha):
    worker = factories.WorkerFactory(center=osha.center)
    key = uuid.uuid4()
    first = scan(desk_client, str(worker.badge), osha, key)
    again = scan(desk_client, str(worker.badge), osha, key)  # the answer was lost: a retry
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert Attendance.objects.count() == 1
    assert DeskScan.objects.get().attendance.worker == worker
    second = scan(desk_client, str(worker.badge), osha)  # scanned again: a new scan
    assert second.status_code == 409
    assert "already recorded" in second.content.decode()
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "full", "unknown", "elsewhere"),
    [
        ("en", "The activity is full (2 of 2 places)", "No worker has badge 999.", "belongs to"),
        (
            "es",
            "La actividad está llena (2 de 2 lugares)",
            "Ningún trabajador tiene la tarjeta 999",
            "es de",
        ),
    ],
)
def test_the_desk_says_clearly_why_a_scan_is_not_recorded(
    speaking, osha, other_center, language, full, unknown, elsewhere
):
    client = speaking(language)
    first, second, third = factories.WorkerFactory.create_batch(3, center=osha.center)
    stranger = factories.WorkerFactory(center=other_center)
    for worker in (first, second):
        assert scan(client, str(worker.badge), osha).status_code == 200
    over = scan(client, str(third.badge), osha)
    assert over.status_code == 409
    assert full in over.content.decode()
    missing = scan(client, "999", osha)
    assert missing.status_code == 400
    assert unknown in missing.content.decode()
    foreign = scan(client, worker_card_code(stranger), osha)
    assert foreign.status_code == 400
    assert elsewhere in foreign.content.decode()
    assert other_center.name in foreign.content.decode()
    assert Attendance.objects.count() == 2


def test_a_name_search_in_attendance_mode_records_the_worker_picked(desk_client, osha):
    worker = factories.WorkerFactory(center=osha.center, full_name="Concepción Ruiz")
    from workers.services import worker_search_text

    worker.search_text = worker_search_text(worker)
    worker.save()
    hits = desk_client.post(
        "/desk/signin/", {"q": "concepcion", "activity": osha.pk}, **HTMX
    ).content.decode()
    assert f'name="activity" value="{osha.pk}"' in hits
    picked = desk_client.post("/desk/signin/", {"worker": worker.pk, "activity": osha.pk}, **HTMX)
    assert picked.status_code == 200
    assert Attendance.objects.get().method == Attendance.Method.SEARCH


def test_another_centers_activity_cannot_be_scanned_into(desk_client, center, other_center):
    theirs = activities.activity_create(
        center=other_center, kind=Activity.Kind.ESL, title="ESL", date=other_center.today(),
        start_time=time(18, 0), hours=Decimal("2"),
    )  # fmt: skip
    worker = factories.WorkerFactory(center=center)
    response = scan(desk_client, str(worker.badge), theirs)
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    assert desk_client.get(f"/activities/{theirs.pk}/").status_code == 404
    assert desk_client.get(f"/activities/{theirs.pk}/edit/").status_code == 404
    assert desk_client.post(f"/activities/{theirs.pk}/complete/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.completed_at is None
    assert "ESL" not in desk_client.get("/activities/").content.decode()


@pytest.mark.parametrize(
    ("language", "label", "choice"),
    [
        ("en", "Attendance at OSHA-10: scan a badge", "attendance at OSHA-10 (09:00)"),
        ("es", "Asistencia a OSHA-10: lea una tarjeta", "la asistencia a OSHA-10 (09:00)"),
    ],
)
def test_the_desk_offers_the_days_activities_and_shows_the_mode_chosen(
    speaking, osha, language, label, choice
):
    client = speaking(language)
    plain = client.get("/desk/").content.decode()
    assert choice in plain
    assert label not in plain
    chosen = client.get(f"/desk/?activity={osha.pk}").content.decode()
    assert label in chosen
    assert f'name="activity" value="{osha.pk}"' in chosen
    assert 'name="activity" value=' not in client.get("/desk/?activity=x").content.decode()


@pytest.mark.parametrize(
    ("language", "issued"), [("en", "2 certificates issued"), ("es", "entregaron 2")]
)
def test_marking_complete_issues_the_certificates(speaking, osha, language, issued):
    client = speaking(language)
    for worker in factories.WorkerFactory.create_batch(2, center=osha.center):
        activities.attendance_record(activity=osha, worker=worker)
    response = client.post(f"/activities/{osha.pk}/complete/", follow=True)
    assert issued in response.content.decode()
    assert Certificate.objects.count() == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_attendance_list_costs_the_same_queries_with_10_and_300_attendees(desk_client, center):
    activity = activities.activity_create(
        center=center, kind=Activity.Kind.ESL, title="ESL", date=center.today(),
        start_time=time(18, 0), hours=Decimal("2"),
    )  # fmt: skip
    url = f"/activities/{activity.pk}/"

    def attend(count):
        Attendance.objects.bulk_create(
            Attendance(
                center=center,
                activity=activity,
                worker=worker,
                hours=Decimal("2"),
                recorded_at=activity.created_at,
            )
            for worker in factories.WorkerFactory.create_batch(count, center=center)
        )

    attend(10)
    desk_client.get(url)
    few = _queries(desk_client, url)
    attend(290)
    many = _queries(desk_client, url)
    assert few == many
    assert Attendance.objects.filter(activity=activity).count() == 300


def test_the_worker_page_costs_the_same_queries_with_10_and_300_activities(desk_client, center):
    worker = factories.WorkerFactory(center=center)
    url = f"/workers/{worker.pk}/"

    def attend(count):
        for n in range(count):
            activity = Activity.objects.create(
                center=center,
                kind=Activity.Kind.ESL if n % 2 else Activity.Kind.SAFETY,
                title=f"Class {n}",
                date=center.today(),
                start_time=time(9, 0),
                hours=Decimal("2"),
            )
            Attendance.objects.create(
                center=center,
                activity=activity,
                worker=worker,
                hours=Decimal("2"),
                recorded_at=activity.created_at,
            )
            activities.certificate_issue(
                worker=worker,
                training=activities.trainings_resolve(["osha10"])[0],
                issued_on=center.today(),
                activity=activity,
            )

    attend(10)
    desk_client.get(url)
    few = _queries(desk_client, url)
    attend(290)
    page = desk_client.get(url).content.decode()
    assert "600.0 hours in all" in page
    many = _queries(desk_client, url)
    assert few == many
