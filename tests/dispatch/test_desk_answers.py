"""The desk's answers: one per scan under its key, what "Dispatch next" will do and did,
"left" and its undo, and the job cards' order."""

from __future__ import annotations

import threading
import uuid
from datetime import time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dispatch.models import Assignment, Departure, DeskScan, SignIn
from dispatch.selectors import morning as selectors
from dispatch.services import desk, morning, offers
from dispatch.services.morning import LEAVE_UNDO_MINUTES
from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def open_all_day(center):
    center.signin_opens = time(0, 0)
    center.lottery_cutoff = time(23, 59)
    center.save()


def _scan(client, text, key, **extra):
    return client.post("/desk/signin/", {"q": text}, HTTP_IDEMPOTENCY_KEY=str(key), **HTMX, **extra)


def test_a_replayed_scan_key_signs_in_once_and_gets_the_same_answer(desk_client, center):
    worker = factories.WorkerFactory(center=center, known_as="Chuy", full_name="Jesús Ramírez")
    key = uuid.uuid4()
    first = _scan(desk_client, str(worker.badge), key)
    again = _scan(desk_client, str(worker.badge), key)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert f"Chuy R. · #{worker.badge} is signed in." in first.content.decode()
    assert first["X-Desk-Answer"] == "1"
    assert SignIn.objects.count() == 1
    assert DeskScan.objects.get().signin == SignIn.objects.get()
    # A new scan of the same badge (a new key) is a second scan: refused, and said so.
    second = _scan(desk_client, str(worker.badge), uuid.uuid4())
    assert second.status_code == 409
    assert "already signed in today" in second.content.decode()


def test_a_refusal_is_remembered_under_its_key(desk_client, center):
    key = uuid.uuid4()
    first = _scan(desk_client, "4242", key)
    assert first.status_code == 400
    assert "No worker has badge 4242." in first.content.decode()
    factories.WorkerFactory(center=center, badge=4242)
    again = _scan(desk_client, "4242", key)  # a retry of that scan, not a new one
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert not SignIn.objects.exists()


def test_a_scan_key_belongs_to_its_center(desk_client, center, other_center):
    key = uuid.uuid4()
    factories.WorkerFactory(center=center, badge=7)
    assert _scan(desk_client, "7", key).status_code == 200
    other_center.signin_opens = time(0, 0)
    other_center.save()
    other = factories.WorkerFactory(center=other_center, badge=7)
    scan = desk.desk_scan(center=other_center, typed="7", key=key, badge=7)
    assert scan.ok
    assert scan.signin.worker == other


def test_a_scan_with_a_malformed_key_is_refused_and_nothing_is_written(desk_client, center):
    worker = factories.WorkerFactory(center=center)
    response = desk_client.post(
        "/desk/signin/", {"q": str(worker.badge)}, HTTP_IDEMPOTENCY_KEY="not-a-key", **HTMX
    )
    assert response.status_code == 400
    assert "scan the badge again" in response.content.decode()
    assert not SignIn.objects.exists()


def test_a_scan_is_answered_in_spanish_for_a_spanish_desk(desk_client, center, coordinator):
    coordinator.language = "es"
    coordinator.save()
    worker = factories.WorkerFactory(center=center, known_as="Lupe", full_name="Guadalupe Cruz")
    page = _scan(desk_client, str(worker.badge), uuid.uuid4()).content.decode()
    assert f"Entrada registrada: Lupe C. · #{worker.badge}." in page


def test_old_scan_keys_are_forgotten(center):
    worker = factories.WorkerFactory(center=center)
    desk.desk_scan(center=center, typed="x", key=uuid.uuid4(), badge=worker.badge)
    DeskScan.objects.update(created_at=timezone.now() - timedelta(days=3))
    desk.desk_scan(center=center, typed="y", key=uuid.uuid4(), badge=worker.badge)
    assert desk.desk_scans_prune() == 1
    assert DeskScan.objects.count() == 1


def test_without_a_key_nothing_is_kept(desk_client, center):
    worker = factories.WorkerFactory(center=center)
    desk_client.post("/desk/signin/", {"q": str(worker.badge)}, **HTMX)
    assert SignIn.objects.count() == 1
    assert not DeskScan.objects.exists()


def test_the_desk_page_gives_the_plain_form_a_key(desk_client, center):
    page = desk_client.get("/desk/").content.decode()
    key = page.split('name="key" value="', 1)[1].split('"', 1)[0]
    assert uuid.UUID(key)
    worker = factories.WorkerFactory(center=center)
    for _attempt in range(2):  # the browser sends the form again after a lost answer
        response = desk_client.post("/desk/signin/", {"q": str(worker.badge), "key": key})
        assert response.status_code == 302
    assert SignIn.objects.count() == 1
    assert DeskScan.objects.count() == 1


# --- "Dispatch next" -------------------------------------------------------------------


def _line(center, count):
    workers = [
        factories.WorkerFactory(
            center=center, known_as="Concepción", full_name=f"Concepción {last} Soto"
        )
        for last in ["Ramírez", "Torres", "Ávila", "Núñez"][:count]
    ]
    for worker in workers:
        morning.signin_create(center=center, badge=worker.badge)
    morning.lottery_draw(center=center, notify=False)
    return workers


def test_dispatch_next_says_how_many_and_its_answer_names_them(desk_client, center):
    _line(center, 3)
    job = factories.JobFactory(center=center, workers_needed=2)
    live = desk_client.get("/desk/live/").content.decode()
    assert "Dispatch next 2" in live
    answer = desk_client.post(f"/desk/jobs/{job.pk}/dispatch/", {"via": "desk"}, **HTMX)
    text = answer.content.decode()
    assert "Sent 2 workers:" in text
    for assignment in Assignment.objects.select_related("worker"):
        assert assignment.worker.desk_name in text


def test_dispatch_next_in_spanish_counts_the_open_places(desk_client, center, coordinator):
    coordinator.language = "es"
    coordinator.save()
    waiting = _line(center, 2)
    two = factories.JobFactory(center=center, workers_needed=2)
    factories.JobFactory(center=center, workers_needed=1)
    morning.assignment_create(job=two, worker=waiting[0], how="walk_in")
    factories.JobFactory(center=center, workers_needed=3)
    live = desk_client.get("/desk/live/").content.decode()
    assert live.count("Enviar al siguiente") == 2  # one free place left on each
    assert "Enviar a los 3 siguientes" in live


def test_a_job_whose_places_are_all_offered_cannot_be_dispatched_next(desk_client, center):
    _line(center, 2)
    job = factories.JobFactory(center=center, workers_needed=1)
    assert offers.offers_send(job=job).offers
    (card,) = selectors.jobs_open(center=center, day=center.today())
    assert card.free == 0
    assert "No free places" in desk_client.get("/desk/live/").content.decode()


def test_job_cards_keep_their_order_and_filled_jobs_fold_away(desk_client, center):
    workers = _line(center, 1)
    late = factories.JobFactory(center=center, start_time=time(9, 0), description="Late job")
    early = factories.JobFactory(center=center, start_time=time(7, 0), description="Early job")
    later = factories.JobFactory(center=center, start_time=time(9, 0), description="Posted later")
    cards = selectors.jobs_open(center=center, day=center.today())
    assert [card.pk for card in cards] == [early.pk, late.pk, later.pk]
    morning.assignment_create(job=late, worker=workers[0], how="walk_in")  # now filled
    cards = selectors.jobs_open(center=center, day=center.today())
    assert [card.pk for card in cards] == [early.pk, late.pk, later.pk]
    page = desk_client.get("/desk/live/").content.decode()
    assert page.index("Early job") < page.index("Posted later") < page.index("1 filled job")
    assert page.index("1 filled job") < page.index("Late job")


# --- "left" and its undo -----------------------------------------------------------------


def test_left_can_be_undone_and_the_worker_is_back_as_before(center, coordinator):
    _line(center, 2)
    signin = SignIn.objects.order_by("position").first()
    morning.signin_update(signin=signin, present=False)
    departure = morning.signin_leave(signin=signin, by=coordinator)
    signin.refresh_from_db()
    assert signin.state == SignIn.State.LEFT
    assert (departure.state_before, departure.present_before) == ("waiting", False)

    morning.signin_leave_undo(signin=signin, by=coordinator)
    signin.refresh_from_db()
    assert (signin.state, signin.present) == (SignIn.State.WAITING, False)
    departure.refresh_from_db()
    assert departure.undone_by == coordinator
    assert [h.history_user for h in departure.history.order_by("history_date")] == [
        coordinator,
        coordinator,
    ]
    with pytest.raises(morning.DispatchConflict):
        morning.signin_leave_undo(signin=signin, by=coordinator)


def test_a_dispatched_worker_marked_left_by_mistake_is_dispatched_again(center):
    workers = _line(center, 1)
    morning.assignment_create(
        job=factories.JobFactory(center=center), worker=workers[0], how="walk_in"
    )
    signin = SignIn.objects.get()
    morning.signin_leave(signin=signin)
    morning.signin_leave_undo(signin=signin)
    signin.refresh_from_db()
    assert signin.state == SignIn.State.DISPATCHED


def test_left_cannot_be_undone_after_the_window(center):
    _line(center, 1)
    signin = SignIn.objects.get()
    morning.signin_leave(signin=signin)
    later = timezone.now() + timedelta(minutes=LEAVE_UNDO_MINUTES, seconds=5)
    with pytest.raises(morning.DispatchConflict, match="within 10 minutes"):
        morning.signin_leave_undo(signin=signin, now=later)
    signin.refresh_from_db()
    assert signin.state == SignIn.State.LEFT


def test_the_desk_says_left_with_an_undo_and_away_differently(
    desk_client, client, center, center_admin
):
    _line(center, 2)
    first, second = SignIn.objects.order_by("position").select_related("worker")
    away = desk_client.post(f"/desk/signins/{first.pk}/", {"action": "away"}, **HTMX)
    assert "still in line, offered jobs by SMS" in away.content.decode()
    left = desk_client.post(f"/desk/signins/{second.pk}/", {"action": "left"}, **HTMX)
    text = left.content.decode()
    assert f"{second.worker.desk_name} left for the day: out of the line." in text
    assert 'value="undo_left"' in text
    live = desk_client.get("/desk/live/").content.decode()
    row = live.split(second.worker.desk_name, 1)[1].split("</tr>", 1)[0]
    assert 'value="away"' not in row
    assert 'value="left"' not in row
    undone = desk_client.post(f"/desk/signins/{second.pk}/", {"action": "undo_left"}, **HTMX)
    assert "back in line as before" in undone.content.decode()
    second.refresh_from_db()
    assert second.state == SignIn.State.WAITING
    assert Departure.objects.get().undone_at is not None
    client.force_login(center_admin)
    audit = client.get("/audit/?kind=departure").content.decode()
    assert "Left for the day" in audit
    assert audit.count("<tr") >= 3  # the departure and its undo, under the header row


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_retry_racing_its_original_scan_signs_in_once(center):
    worker = factories.WorkerFactory(center=center)
    key = uuid.uuid4()
    barrier = threading.Barrier(4)
    answers = []

    def scan():
        try:
            barrier.wait()
            answers.append(desk.desk_scan(center=center, typed="x", key=key, badge=worker.badge))
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert SignIn.objects.count() == 1
    assert DeskScan.objects.count() == 1
    assert len(answers) == 4
    assert {(answer.ok, answer.message) for answer in answers} == {
        (True, f"{worker.desk_name} is signed in.")
    }


def test_without_javascript_a_name_search_shows_the_desk_with_its_hits(desk_client, center):
    worker = factories.WorkerFactory(center=center, known_as="José", full_name="José Núñez")
    worker.search_text = "jose nunez"
    worker.save()
    page = desk_client.post("/desk/signin/", {"q": "nunez"}).content.decode()
    assert 'id="scan-form"' in page
    hits = page.split('id="scan-answers"', 1)[1].split("</ol>", 1)[0]
    assert f"José N. · #{worker.badge}" in hits
    assert f'value="{worker.pk}"' in hits
    answer = desk_client.post("/desk/signin/", {"worker": worker.pk})
    assert answer.status_code == 302
    assert SignIn.objects.get().method == SignIn.Method.SEARCH
