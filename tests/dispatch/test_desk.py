"""The front desk, the waiting-room screen and the dispatch slip (pages)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dispatch.models import Assignment, SignIn
from dispatch.selectors import morning as selectors
from dispatch.services import morning, offers
from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def open_all_day(center):
    center.signin_opens = time(0, 0)
    center.lottery_cutoff = time(23, 59)
    center.save()


def _sign_in(center, count, **fields):
    skills = [factories.SkillFactory(code="painting"), factories.SkillFactory(code="moving")]
    for worker in factories.WorkerFactory.create_batch(count, center=center, **fields):
        worker.skills.set(skills)
        morning.signin_create(center=center, badge=worker.badge)


def test_the_desk_shows_the_queue_jobs_and_the_commitment(desk_client, center):
    _sign_in(center, 3, known_as="Chuy")
    job = factories.JobFactory(center=center, description="Paint a fence")
    page = desk_client.get("/desk/").content.decode()
    assert 'id="scan"' in page
    assert "autofocus" in page
    assert "Paint a fence" in page
    assert page.count("Chuy") == 3
    draw = morning.draw_get_or_create(center=center, day=center.today())
    assert draw.commitment in page
    assert draw.seed not in page
    assert f"/desk/jobs/{job.pk}/dispatch/" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/desk/", "/desk/live/"])
def test_the_desk_costs_the_same_queries_with_10_and_300_signed_in(desk_client, center, url):
    factories.JobFactory.create_batch(3, center=center)
    _sign_in(center, 10)
    desk_client.get(url)
    few = _queries(desk_client, url)
    _sign_in(center, 290)
    many = _queries(desk_client, url)
    assert few == many
    assert many <= 8


def test_a_scan_signs_in_and_a_second_scan_is_refused_large(desk_client, center):
    worker = factories.WorkerFactory(center=center, known_as="Chuy")
    ok = desk_client.post("/desk/signin/", {"q": str(worker.badge)}, **HTMX).content.decode()
    assert "scan-good" in ok
    assert "Chuy" in ok
    again = desk_client.post("/desk/signin/", {"q": str(worker.badge)}, **HTMX).content.decode()
    assert "scan-bad" in again
    assert "already signed in today" in again
    assert SignIn.objects.count() == 1


def test_a_refusal_is_shown_in_spanish_for_a_spanish_desk(desk_client, center, coordinator):
    coordinator.language = "es"
    coordinator.save()
    worker = factories.WorkerFactory(center=center, known_as="Beto", status="inactive")
    page = desk_client.post("/desk/signin/", {"q": str(worker.badge)}, **HTMX).content.decode()
    assert "Beto no puede registrarse" in page


def test_typing_a_name_searches_and_a_click_signs_in(desk_client, center):
    worker = factories.WorkerFactory(center=center, known_as="José", full_name="José Núñez")
    worker.search_text = "jose nunez"
    worker.save()
    hits = desk_client.post("/desk/signin/", {"q": "NUNEZ"}, **HTMX).content.decode()
    assert f'value="{worker.pk}"' in hits
    desk_client.post("/desk/signin/", {"worker": worker.pk}, **HTMX)
    assert SignIn.objects.get().method == SignIn.Method.SEARCH


def test_one_click_dispatch_and_undo_from_the_desk(desk_client, center):
    _sign_in(center, 2)
    morning.lottery_draw(center=center)
    job = factories.JobFactory(center=center)
    response = desk_client.post(f"/desk/jobs/{job.pk}/dispatch/", {"via": "desk"}, **HTMX)
    assert response["HX-Trigger"] == "desk-changed"
    assignment = Assignment.objects.get()
    undo = desk_client.post(
        f"/desk/assignments/{assignment.pk}/undo/", HTTP_HX_PROMPT="wrong job", **HTMX
    )
    assert "undone" in undo.content.decode()
    assert Assignment.objects.get().state == "undone"


def test_why_not_me_lists_the_reasons(desk_client, center):
    _sign_in(center, 1)
    signin = SignIn.objects.get()
    job = factories.JobFactory(center=center, skills=[factories.SkillFactory(code="roofing")])
    morning.job_dispatch_desk(job=job)
    page = desk_client.get(f"/desk/why/{signin.worker_id}/").content.decode()
    assert "Lacks a skill the job needs" in page


def test_board_members_cannot_use_the_desk(client, board_member):
    client.force_login(board_member)
    assert client.get("/desk/").status_code == 403


def test_the_waiting_room_shows_numbers_and_known_as_never_phone_or_full_name(desk_client, center):
    worker = factories.WorkerFactory(
        center=center, known_as="Chuy", full_name="Jesús Ramírez Ortega", phone="+19095551234"
    )
    morning.signin_create(center=center, badge=worker.badge)
    draw = morning.lottery_draw(center=center)
    page = desk_client.get(f"/display/{center.slug}/").content.decode()
    assert "Chuy" in page
    assert draw.seed in page
    assert draw.commitment in page
    assert "Ramírez" not in page
    assert "5551234" not in page
    assert "555-1234" not in page


def test_another_centers_waiting_room_is_a_404(desk_client, other_center):
    assert desk_client.get(f"/display/{other_center.slug}/").status_code == 404


def test_the_slip_has_address_start_wage_employer_and_center_phone(desk_client, center):
    center.phone = "+19094610000"
    center.save()
    worker = factories.WorkerFactory(center=center, known_as="Chuy")
    job = factories.JobFactory(
        center=center, address="12 Elm St, Claremont, CA", hourly_wage=Decimal("25.00")
    )
    assignment = morning.assignment_create(job=job, worker=worker, how="walk_in")
    page = desk_client.get(f"/desk/slip/{assignment.pk}/").content.decode()
    for text in (
        "12 Elm St, Claremont, CA",
        "08:00",
        "$25.00",
        job.employer.name,
        "(909) 461-0000",
    ):
        assert text in page


def test_a_volunteer_is_put_ahead_of_the_draw_from_the_desk_and_it_is_logged(
    desk_client, center, coordinator
):
    _sign_in(center, 5)
    volunteer = SignIn.objects.order_by("pk").last()
    desk_client.post(f"/desk/signins/{volunteer.pk}/", {"action": "priority"}, **HTMX)
    assert "ahead of the draw" in desk_client.get("/desk/live/").content.decode()
    draw = morning.lottery_draw(center=center)
    assert draw.order[0] == volunteer.worker.badge
    flag = volunteer.worker.priority_flags.get()
    assert flag.history.first().history_user == coordinator
    refused = desk_client.post(f"/desk/signins/{volunteer.pk}/", {"action": "no_priority"}, **HTMX)
    assert "already drawn" in refused.content.decode()


def test_the_desk_shows_the_next_in_line_and_all_of_them_on_request(desk_client, center):
    _sign_in(center, 75, known_as="Lalo")
    page = desk_client.get("/desk/").content.decode()
    assert page.count("Lalo") == 60
    assert "Show 15 more in line" in page
    everyone = desk_client.get("/desk/live/?rows=all", **HTMX).content.decode()
    assert everyone.count("Lalo") == 75
    # The live panel's next poll keeps the coordinator's choice.
    assert desk_client.get("/desk/live/", **HTMX).content.decode().count("Lalo") == 75
    assert desk_client.get("/desk/live/?rows=next", **HTMX).content.decode().count("Lalo") == 60


def test_all_rows_of_the_queue_cost_the_same_queries_with_10_and_300(desk_client, center):
    factories.JobFactory.create_batch(3, center=center)
    desk_client.get("/desk/live/?rows=all", **HTMX)
    _sign_in(center, 10)
    few = _queries(desk_client, "/desk/live/")
    _sign_in(center, 290)
    assert _queries(desk_client, "/desk/live/") == few <= 8


def test_the_queue_lists_the_first_in_line_with_skills_and_counts_everyone(center):
    painting = factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura")
    roofing = factories.SkillFactory(code="roofing", name_en="Roofing", name_es="Techos")
    roofing.sort_order, painting.sort_order = 1, 2
    roofing.save(), painting.save()
    workers = factories.WorkerFactory.create_batch(5, center=center)
    workers[0].skills.set([painting, roofing])
    for worker in workers:
        morning.signin_create(center=center, badge=worker.badge)
    morning.lottery_draw(center=center, notify=False)
    first = SignIn.objects.get(position=1)
    job = factories.JobFactory(center=center)
    morning.assignment_create(job=job, worker=first.worker, how="lottery")
    SignIn.objects.filter(position=2).update(present=False)

    line = selectors.queue(center=center, day=center.today(), limit=3)

    assert (line.total, line.waiting, line.dispatched) == (5, 4, 1)
    assert [row.lottery_number for row in line.rows] == [1, 2, 3]
    assert line.rows[0].state == "dispatched"
    assert [row.present for row in line.rows] == [True, False, True]
    everyone = selectors.queue(center=center, day=center.today())
    assert [row.lottery_number for row in everyone.rows] == [1, 2, 3, 4, 5]
    skilled = next(row for row in everyone.rows if row.worker_id == workers[0].pk)
    assert skilled.skills == ("Roofing", "Painting")
    assert all(row.skills == () for row in everyone.rows if row is not skilled)
    with translation.override("es"):
        again = selectors.queue(center=center, day=center.today())
    assert next(r for r in again.rows if r.worker_id == workers[0].pk).skills == (
        "Techos",
        "Pintura",
    )
    empty = selectors.queue(center=center, day=center.today() - timedelta(days=1))
    assert (empty.rows, empty.total) == ([], 0)


def test_the_desk_jobs_show_who_was_sent_and_the_offers_waiting(center):
    skill = factories.SkillFactory(code="moving", name_en="Moving", name_es="Mudanzas")
    job = factories.JobFactory(center=center, workers_needed=3, skills=[skill])
    first, second = factories.WorkerFactory.create_batch(2, center=center, known_as="Chuy")
    morning.assignment_create(job=job, worker=first, how="walk_in")
    morning.assignment_create(job=job, worker=second, how="walk_in")
    undone = Assignment.objects.get(worker=second)
    morning.assignment_undo(assignment=undone, reason="wrong badge")
    waiting = factories.WorkerFactory(center=center)
    waiting.skills.set([skill])
    morning.signin_create(center=center, badge=waiting.badge)
    assert offers.offers_send(job=job).offers
    factories.JobFactory(center=center, date=center.today() + timedelta(days=1))

    (card,) = selectors.jobs_open(center=center, day=center.today())

    assert card.pk == job.pk
    assert [(placed.badge, placed.how_label) for placed in card.live] == [(first.badge, "Walk-in")]
    assert card.skills == ("Moving",)
    assert card.pending == 1
    assert card.pending_until > timezone.now()
    assert card.hourly_wage == job.hourly_wage
    assert card.start_time == job.start_time
    assert selectors.jobs_open(center=center, day=center.today() - timedelta(days=1)) == []


def test_the_desk_rows_show_every_change_on_the_next_poll(desk_client, center, coordinator):
    _sign_in(center, 3)
    signin = SignIn.objects.order_by("pk").first()
    worker = signin.worker
    desk_client.get("/desk/live/", **HTMX)
    desk_client.post(f"/desk/signins/{signin.pk}/", {"action": "away"}, **HTMX)
    worker.known_as = "Renamed Chuy"
    worker.save()
    worker.skills.add(
        factories.SkillFactory(code="welding", name_en="Welding", name_es="Soldadura")
    )
    page = desk_client.get("/desk/live/", **HTMX).content.decode()
    row = page.split("Renamed Chuy", 1)[1].split("</tr>", 1)[0]
    assert "Welding" in row
    assert 'value="here"' in row  # marked away: the button brings them back
    coordinator.language = "es"
    coordinator.save()
    spanish = desk_client.get("/desk/live/", **HTMX).content.decode()
    assert "Soldadura" in spanish
    assert "Welding" not in spanish


def test_each_desk_gets_job_forms_with_its_own_valid_csrf_token(client, center, coordinator):
    job = factories.JobFactory(center=center)
    first = Client(enforce_csrf_checks=True)
    first.force_login(coordinator)
    first.get("/desk/")
    second_user = factories.StaffFactory(center=center, role="coordinator").user
    second = Client(enforce_csrf_checks=True)
    second.force_login(second_user)
    page = second.get("/desk/").content.decode()
    form = page.split(f'action="/desk/jobs/{job.pk}/dispatch/"', 1)[1]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = second.post(
        f"/desk/jobs/{job.pk}/dispatch/", {"via": "desk", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302  # a plain form post: back to the desk, not a 403


def test_an_early_draw_is_shown_as_drawn_by_a_coordinator(desk_client, center):
    _sign_in(center, 2)
    assert "early, by a coordinator" not in desk_client.get("/desk/live/").content.decode()
    desk_client.post("/desk/draw/", **HTMX)
    page = desk_client.get("/desk/live/").content.decode()
    assert "Drawn at" in page
    assert "early, by a coordinator" in page
