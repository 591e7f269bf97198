"""Paper for the wall and the employer: the day's list with the draw, the bilingual slip."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatch.services import morning
from employers import services as job_services
from employers.models import Employer
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def open_all_day(center):
    center.signin_opens = time(0, 0)
    center.lottery_cutoff = time(23, 59)
    center.phone = "+19094610000"
    center.save()


def _sign_in(center, names):
    workers = []
    for name in names:
        worker = factories.WorkerFactory(center=center, known_as=name)
        morning.signin_create(center=center, badge=worker.badge)
        workers.append(worker)
    return workers


@pytest.mark.parametrize(
    ("language", "title", "not_drawn"),
    [
        ("en", "Today's list", "Not drawn yet"),
        ("es", "Lista de hoy", "Aún no se ha sorteado"),
    ],
)
def test_the_days_list_shows_sign_ins_then_the_drawn_order_with_commitment_and_seed(
    desk_client, center, language, title, not_drawn
):
    workers = _sign_in(center, ["Chuy", "Lupe", "Nacho"])
    before = desk_client.get("/desk/print/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in before
    assert not_drawn in before
    draw = morning.draw_get_or_create(center=center, day=center.today())
    assert draw.commitment in before
    assert draw.seed not in before
    assert before.index("Chuy") < before.index("Lupe") < before.index("Nacho")  # sign-in order

    draw = morning.lottery_draw(center=center, notify=False)
    after = desk_client.get("/desk/print/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert draw.commitment in after
    assert draw.seed in after
    assert f"/display/{center.slug}/lottery/{draw.date}/proof.json" in after
    by_badge = {w.badge: w.known_as for w in workers}
    drawn_names = [by_badge[badge] for badge in draw.order]
    positions = [after.index(f"<td>{name}</td>") for name in drawn_names]
    assert positions == sorted(positions)  # the drawn order, number 1 first
    assert not_drawn not in after


def test_the_desk_links_to_the_days_list(desk_client, center):
    _sign_in(center, ["Chuy"])
    assert 'href="/desk/print/"' in desk_client.get("/desk/").content.decode()


def test_the_days_list_costs_the_same_queries_with_5_and_60_sign_ins(desk_client, center):
    _sign_in(center, [f"W{n}" for n in range(5)])
    desk_client.get("/desk/print/")
    with CaptureQueriesContext(connection) as few:
        desk_client.get("/desk/print/")
    _sign_in(center, [f"X{n}" for n in range(55)])
    with CaptureQueriesContext(connection) as many:
        desk_client.get("/desk/print/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_board_members_do_not_get_the_days_list(client, board_member):
    client.force_login(board_member)
    assert client.get("/desk/print/").status_code == 403


def _assignment(center, *, worker_language, employer_language):
    worker = factories.WorkerFactory(
        center=center, known_as="Chuy", preferred_language=worker_language, phone="+19095551234"
    )
    employer = factories.EmployerFactory(
        center=center,
        name="Ana Contreras",
        phone="+19095550199",
        preferred_language=employer_language,
    )
    job = factories.JobFactory(
        center=center,
        employer=employer,
        address="12 Elm St, Claremont, CA",
        hourly_wage=Decimal("25.00"),
        estimated_hours=Decimal("6.0"),
        start_time=time(7, 30),
    )
    return morning.assignment_create(job=job, worker=worker, how="walk_in")


def _copies(html: str) -> tuple[str, str]:
    worker = html[html.index('id="slip-worker"') : html.index('id="slip-employer"')]
    employer = html[html.index('id="slip-employer"') :]
    return worker, employer


@pytest.mark.parametrize("interface", ["en", "es"])
def test_the_slip_gives_the_worker_a_spanish_copy_and_the_employer_an_english_one(
    desk_client, center, interface
):
    assignment = _assignment(center, worker_language="es", employer_language="en")
    html = desk_client.get(
        f"/desk/slip/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE=interface
    ).content.decode()
    worker, employer = _copies(html)
    assert "Copia del trabajador" in worker
    assert 'lang="es"' in worker
    for text in ("Horas trabajadas", "Cantidad pagada ($)", "Firma del empleador", "por hora"):
        assert text in worker
    assert "Employer's copy" in employer
    assert 'lang="en"' in employer
    for text in ("Hours worked", "Amount paid ($)", "Employer's signature", "per hour"):
        assert text in employer
    for copy in (worker, employer):
        for text in ("07:30", "$25.00", "6.0", "12 Elm St, Claremont, CA", "(909) 461-0000"):
            assert text in copy
        assert "(909) 555-0199" in copy  # the employer's phone
    assert "555-1234" not in html  # never the worker's phone


def test_the_slip_in_the_other_direction(desk_client, center):
    assignment = _assignment(center, worker_language="en", employer_language="es")
    worker, employer = _copies(desk_client.get(f"/desk/slip/{assignment.pk}/").content.decode())
    assert "Worker's copy" in worker
    assert "Copia del empleador" in employer


def test_an_employer_without_a_language_gets_the_centers_first(desk_client, center):
    center.languages = "es,en"
    center.save()
    assignment = _assignment(center, worker_language="en", employer_language="")
    _worker, employer = _copies(desk_client.get(f"/desk/slip/{assignment.pk}/").content.decode())
    assert "Copia del empleador" in employer


def test_a_new_employer_takes_the_centers_language_and_the_form_round_trips_it(desk_client, center):
    center.languages = "en,es"
    center.save()
    form = desk_client.get("/employers/new/").content.decode()
    assert '<option value="en" selected>' in form
    made = job_services.employer_create(center=center, by=None, name="Ana")
    assert made.preferred_language == "en"
    response = desk_client.post(
        "/employers/new/", {"name": "Beto", "kind": "homeowner", "preferred_language": "es"}
    )
    assert response.status_code == 302
    beto = Employer.objects.get(name="Beto")
    assert beto.preferred_language == "es"
    edit = desk_client.get(f"/employers/{beto.pk}/edit/").content.decode()
    assert '<option value="es" selected>' in edit
