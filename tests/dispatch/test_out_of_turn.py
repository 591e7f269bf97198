"""Out of turn is never silent: a worker given a job by hand ahead of the line, without the
job's skill or without signing in needs a reason, kept with the coordinator, shown in "why?"
and counted in the fairness report."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.utils import translation

from dispatch import reasons
from dispatch.errors import DispatchError, OutOfTurnError
from dispatch.models import Assignment, DispatchDecision
from dispatch.services import morning
from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
ASK = {
    "en": "is out of turn",
    "es": "está fuera de turno",
}
CHOOSE = {"en": "Choose a reason.", "es": "Elija un motivo."}


@pytest.fixture(autouse=True)
def open_all_day(center):
    center.signin_opens = time(0, 0)
    center.lottery_cutoff = time(23, 59)
    center.save()


@pytest.fixture
def roofing():
    return factories.SkillFactory(code="roofing", name_en="Roofing", name_es="Techos")


@pytest.fixture
def line(center, roofing):
    """Three workers with the skill, signed in and drawn in badge order: #1, #2, #3."""
    workers = []
    for badge in (1, 2, 3):
        worker = factories.WorkerFactory(center=center, badge=badge, known_as=f"W{badge}")
        worker.skills.set([roofing])
        morning.signin_create(center=center, badge=badge)
        workers.append(worker)
    draw = morning.lottery_draw(center=center)
    by_badge = {w.badge: w for w in workers}
    order = [by_badge[badge] for badge in draw.order]
    return order  # in line order


@pytest.fixture
def job(center, roofing):
    job = factories.JobFactory(center=center, workers_needed=1)
    job.skills.set([roofing])
    return job


def _nothing_written():
    assert not Assignment.objects.exists()
    assert not DispatchDecision.objects.filter(outcome="chosen").exists()


# --- the service decides ------------------------------------------------------------------


def test_the_next_eligible_in_line_needs_no_reason(job, line, coordinator):
    assignment = morning.assignment_direct(job=job, badge=line[0].badge, by=coordinator)
    decision = DispatchDecision.objects.get(outcome="chosen")
    assert assignment.worker == line[0]
    assert decision.reason == reasons.CHOSEN_DIRECT
    assert decision.out_of_turn == ""
    assert decision.decided_by == coordinator


def test_with_two_places_the_second_in_line_is_still_in_turn(job, line, coordinator):
    job.workers_needed = 2
    job.save()
    morning.assignment_direct(job=job, badge=line[1].badge, by=coordinator)
    assert DispatchDecision.objects.get(outcome="chosen").out_of_turn == ""


def test_an_employer_request_is_in_turn(center, job, line, coordinator):
    job.requested_workers.set([line[2]])
    morning.assignment_direct(job=job, badge=line[2].badge, by=coordinator)
    assert DispatchDecision.objects.get(outcome="chosen").out_of_turn == ""


def test_ahead_of_eligible_workers_needs_a_reason_and_writes_nothing(job, line, coordinator):
    with pytest.raises(OutOfTurnError) as error:
        morning.assignment_direct(job=job, badge=line[2].badge, by=coordinator)
    assert error.value.code == "reason_required"
    assert error.value.status_code == 400
    assert error.value.extra["out_of_turn"] == [reasons.AHEAD_OF_LINE]
    assert error.value.extra["ahead"] == 2
    assert [c["code"] for c in error.value.extra["reasons"]] == [
        "employer_request",
        "skill",
        "same_job",
        "other",
    ]
    assert "2 eligible workers are ahead in line" in str(error.value)
    _nothing_written()


def test_a_worker_not_signed_in_needs_a_reason(center, job, roofing, coordinator):
    walk_in = factories.WorkerFactory(center=center, known_as="Lupe")
    walk_in.skills.set([roofing])
    with pytest.raises(OutOfTurnError) as error:
        morning.assignment_direct(job=job, badge=walk_in.badge, by=coordinator)
    assert error.value.extra["out_of_turn"] == [reasons.NOT_SIGNED_IN]
    assert "not signed in today" in str(error.value)
    _nothing_written()


def test_a_worker_without_the_skill_needs_a_reason_even_first_in_line(
    center, job, roofing, coordinator
):
    worker = factories.WorkerFactory(center=center, known_as="Lupe")
    morning.signin_create(center=center, badge=worker.badge)
    with pytest.raises(OutOfTurnError) as error:
        morning.assignment_direct(job=job, badge=worker.badge, by=coordinator)
    assert error.value.extra["out_of_turn"] == [reasons.MISSING_SKILL]
    assert "lacks a skill the job needs" in str(error.value)
    _nothing_written()


def test_a_suspended_worker_is_refused_outright_not_asked_for_a_reason(
    center, job, line, coordinator
):
    suspended = factories.WorkerFactory(
        center=center, known_as="Beto", status="sanctioned", suspended_until=date(2999, 1, 1)
    )
    with pytest.raises(DispatchError) as error:
        morning.assignment_direct(
            job=job, badge=suspended.badge, by=coordinator, reason="employer_request"
        )
    assert not isinstance(error.value, OutOfTurnError)
    assert error.value.code == "suspended"
    _nothing_written()


def test_the_reported_case_names_every_cause(center, job, line, coordinator):
    """Not signed in, without the skill, with eligible workers waiting: all three."""
    stranger = factories.WorkerFactory(center=center, known_as="Lupe")
    with pytest.raises(OutOfTurnError) as error:
        morning.assignment_direct(job=job, badge=stranger.badge, by=coordinator)
    assert error.value.extra["out_of_turn"] == [
        reasons.NOT_SIGNED_IN,
        reasons.MISSING_SKILL,
        reasons.AHEAD_OF_LINE,
    ]
    _nothing_written()


def test_in_spanish_the_question_is_in_spanish(job, line, coordinator):
    with translation.override("es"), pytest.raises(OutOfTurnError) as error:
        morning.assignment_direct(job=job, badge=line[2].badge, by=coordinator)
    assert "está fuera de turno" in str(error.value)
    assert "2 trabajadores elegibles van antes en la fila" in str(error.value)
    assert error.value.extra["reasons"][2]["label"] == "Vuelve al mismo trabajo"


def test_a_reason_is_kept_on_the_decision_with_the_coordinator(job, line, coordinator):
    assignment = morning.assignment_direct(
        job=job, badge=line[2].badge, by=coordinator, reason="same_job"
    )
    decision = DispatchDecision.objects.get(outcome="chosen")
    assert assignment.worker == line[2]
    assert decision.worker == line[2]
    assert decision.reason == reasons.CHOSEN_OUT_OF_TURN
    assert decision.out_of_turn == reasons.AHEAD_OF_LINE
    assert decision.out_of_turn_reason == "same_job"
    assert decision.decided_by == coordinator


def test_other_needs_a_note(job, line, coordinator):
    with pytest.raises(DispatchError) as error:
        morning.assignment_direct(job=job, badge=line[2].badge, by=coordinator, reason="other")
    assert error.value.field == "reason_note"
    _nothing_written()
    morning.assignment_direct(
        job=job,
        badge=line[2].badge,
        by=coordinator,
        reason="other",
        reason_note="Speaks the employer's language",
    )
    assert DispatchDecision.objects.get(outcome="chosen").reason_note == (
        "Speaks the employer's language"
    )


def test_an_unknown_reason_is_refused(job, line, coordinator):
    with pytest.raises(DispatchError) as error:
        morning.assignment_direct(job=job, badge=line[2].badge, by=coordinator, reason="friend")
    assert error.value.code == "invalid_reason"
    _nothing_written()


# --- the API ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_api_asks_for_a_reason_then_takes_it(api, job, line, language):
    url = f"/api/v1/jobs/{job.pk}/dispatch/"
    asked = api.post(url, {"badge": line[2].badge}, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert asked.status_code == 400
    body = asked.json()
    assert body["code"] == "reason_required"
    assert ASK[language] in body["detail"]
    assert body["out_of_turn"] == ["ahead_of_line"]
    assert {c["code"] for c in body["reasons"]} == {
        "employer_request",
        "skill",
        "same_job",
        "other",
    }
    _nothing_written()
    taken = api.post(
        url,
        {"badge": line[2].badge, "reason": "skill"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert taken.status_code == 200, taken.content
    assert taken.json()["assigned"][0]["badge"] == line[2].badge
    assert DispatchDecision.objects.get(outcome="chosen").out_of_turn_reason == "skill"


def test_the_api_other_without_a_note_is_a_400(api, job, line):
    url = f"/api/v1/jobs/{job.pk}/dispatch/"
    response = api.post(url, {"badge": line[2].badge, "reason": "other"}, format="json")
    assert response.status_code == 400
    assert "reason_note" in response.json()["errors"]
    _nothing_written()


# --- the desk --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_desk_shows_the_reasons_then_assigns_with_one(desk_client, job, line, language):
    url = f"/desk/jobs/{job.pk}/dispatch/"
    asked = desk_client.post(
        url, {"badge": str(line[2].badge)}, HTTP_ACCEPT_LANGUAGE=language, **HTMX
    ).content.decode()
    assert ASK[language] in asked
    assert CHOOSE[language] in asked
    assert 'id="out-of-turn-form"' in asked
    assert f'name="badge" value="{line[2].badge}"' in asked
    for code in ("employer_request", "skill", "same_job", "other"):
        assert f'value="{code}"' in asked
    label = {"en": "Returning to the same job", "es": "Vuelve al mismo trabajo"}
    assert label[language] in asked
    _nothing_written()
    done = desk_client.post(
        url,
        {"badge": str(line[2].badge), "reason": "employer_request"},
        HTTP_ACCEPT_LANGUAGE=language,
        **HTMX,
    ).content.decode()
    assert "out-of-turn-form" not in done
    assert Assignment.objects.get().worker == line[2]


def test_the_desk_keeps_the_choice_when_other_lacks_a_note(desk_client, job, line):
    url = f"/desk/jobs/{job.pk}/dispatch/"
    page = desk_client.post(
        url, {"badge": str(line[2].badge), "reason": "other"}, **HTMX
    ).content.decode()
    assert 'id="out-of-turn-form"' in page
    assert 'value="other" required checked' in page
    _nothing_written()


@pytest.mark.parametrize("language", ["en", "es"])
def test_why_shows_the_reason_and_who_decided(desk_client, job, line, coordinator, language):
    coordinator.first_name, coordinator.last_name = "Ana", "Ruiz"
    coordinator.save()
    morning.assignment_direct(
        job=job, badge=line[2].badge, by=coordinator, reason="other", reason_note="Has a truck"
    )
    page = desk_client.get(
        f"/desk/why/{line[2].pk}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    expected = {
        "en": ["Assigned out of turn by the desk", "Ahead of eligible workers in line", "Other"],
        "es": [
            "Asignado fuera de turno en el mostrador",
            "Antes que trabajadores elegibles en la fila",
            "Otra",
        ],
    }
    for text in expected[language]:
        assert text in page
    assert "Has a truck" in page
    assert "Ana Ruiz" in page


# --- the fairness report -----------------------------------------------------------------------


def _out_of_turn(center, day, reason, count):
    job = factories.JobFactory(center=center, date=day, workers_needed=count)
    for _ in range(count):
        DispatchDecision.objects.create(
            center=center,
            date=day,
            job=job,
            worker=factories.WorkerFactory(center=center),
            outcome="chosen",
            reason=reasons.CHOSEN_OUT_OF_TURN,
            out_of_turn=reasons.AHEAD_OF_LINE,
            out_of_turn_reason=reason,
        )


@pytest.fixture
def history(center, other_center):
    _out_of_turn(center, date(2026, 3, 4), "employer_request", 6)
    _out_of_turn(center, date(2026, 3, 20), "skill", 2)
    _out_of_turn(center, date(2026, 4, 2), "other", 1)
    _out_of_turn(other_center, date(2026, 3, 5), "skill", 9)  # not Pomona's
    job = factories.JobFactory(center=center, date=date(2026, 3, 6))
    DispatchDecision.objects.create(  # in turn: not counted
        center=center,
        date=date(2026, 3, 6),
        job=job,
        worker=factories.WorkerFactory(center=center),
        outcome="chosen",
        reason=reasons.CHOSEN_QUEUE,
    )


RANGE = "?start=2026-03-01&end=2026-04-30"


def test_the_fairness_page_counts_out_of_turn_per_month_and_reason(client, center_admin, history):
    client.force_login(center_admin)
    page = client.get(f"/reports/fairness/{RANGE}").content.decode()
    start = page.index('id="out-of-turn"')
    body = page[page.index("<tbody>", start) : page.index("</tbody>", start)]
    values = [
        re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]
    assert values == [["2026-03", "8", "6", "2", "0", "0"], ["2026-04", "1", "0", "0", "0", "1"]]


def test_the_fairness_csv_counts_out_of_turn(client, center_admin, history):
    client.force_login(center_admin)
    text = client.get(f"/reports/csv/out-of-turn/{RANGE}").content.decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("Month,Out of turn,")
    assert lines[1:] == ["2026-03,8,6,2,0,0", "2026-04,1,0,0,0,1"]


def test_a_board_member_sees_small_counts_suppressed(client, board_member, history):
    client.force_login(board_member)
    text = client.get(f"/reports/csv/out-of-turn/{RANGE}").content.decode()
    assert text.strip().splitlines()[1:] == ["2026-03,8,6,<5,<5,<5", "2026-04,<5,<5,<5,<5,<5"]
    page = client.get(f"/reports/fairness/{RANGE}", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Asignaciones fuera de turno" in page
    start = page.index('id="out-of-turn"')
    assert '<td class="num">&lt;5</td>' in page[start : page.index("</table>", start)]


def test_the_fairness_page_in_spanish_names_the_reasons(client, center_admin, history):
    client.force_login(center_admin)
    page = client.get(f"/reports/fairness/{RANGE}", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Asignaciones fuera de turno, mes a mes" in page
    assert "Vuelve al mismo trabajo" in page
