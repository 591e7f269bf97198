"""The funder and city report: month by month, cross-checked against the raw rows (the
hand-made March and the generator's small network), suppressed for board members, in CSV
and print, in both languages; voluntary demographics only as suppressed counts."""

from __future__ import annotations

import csv
import io
from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection

from bench import generate
from centers.models import Center
from dispatch.models import LIVE_STATES
from reports import presenters
from reports.funder import funder_report
from tests import factories
from workers import activities
from workers.models import Activity, Demographics
from workers.services import demographics_record, worker_erase

pytestmark = pytest.mark.django_db

FEB_MAR = "start=2025-02-01&end=2025-03-31"


def test_the_months_of_the_hand_made_data_set(center, march):
    report = funder_report(center=center, start=date(2025, 2, 14), end=date(2025, 3, 2))
    assert (report.start, report.end) == (date(2025, 2, 1), date(2025, 3, 31)), "whole months"
    feb, mar = report.months
    assert feb["workers_served"] == 1  # C's job on Feb 10th
    assert mar["workers_served"] == 5  # A, B, C, D and the one who never got a job
    assert (mar["dispatches"], mar["worker_days"]) == (3, 3)  # D's cancelled job is not one
    assert (mar["hours"], mar["wages"]) == (Decimal("15.0"), Decimal("225.00"))
    # 06:00 UTC on March 1st is February 28th in Pomona; a draft is not a claim yet.
    assert (feb["claims_opened"], mar["claims_opened"]) == (1, 2)
    assert mar["recovered"] == Decimal("90.00")
    assert report.totals["workers_served"] == 5, "C is counted once over the two months"
    assert report.totals["dispatches"] == 4
    assert report.demographics is None, "the center does not ask"


def test_esl_hours_trainings_and_new_members_of_this_month(center, other_center):
    today = center.today()
    workers = factories.WorkerFactory.create_batch(3, center=center)
    esl = activities.activity_create(
        center=center, kind=Activity.Kind.ESL, training=None, title="ESL",
        date=today, start_time=time(9), hours=Decimal("2"),
    )  # fmt: skip
    osha = activities.activity_create(
        center=center, kind=Activity.Kind.SAFETY, training="osha10", title="OSHA-10",
        date=today, start_time=time(9), hours=Decimal("10"),
    )  # fmt: skip
    for worker in workers:
        activities.attendance_record(activity=esl, worker=worker)
    activities.attendance_record(activity=osha, worker=workers[0])
    activities.activity_complete(activity=osha)
    factories.WorkerFactory(center=other_center)  # another center's member
    (month,) = funder_report(center=center, start=today, end=today).months
    assert month["esl_hours"] == Decimal("6")
    assert month["trainings_completed"] == 1
    assert month["new_members"] == 3
    assert month["workers_served"] == 3, "at an activity is served too"


def test_a_board_member_sees_small_counts_hidden_and_nothing_that_gives_them_back(center, march):
    report = funder_report(center=center, start=date(2025, 2, 1), end=date(2025, 3, 31))
    months, total = presenters.funder_rows(report, suppress=True)
    feb, mar = months
    assert feb["workers_served"] == "<5"
    assert mar["workers_served"] == 5
    # 1 dispatch in February, 3 in March: both hidden, or 4 − shown would give one back.
    assert feb["dispatches"] == mar["dispatches"] == total["dispatches"] == "<5"
    assert mar["hours"] == mar["wages"] == "<5", "a sum over a hidden count is hidden"
    assert mar["recovered"] == "<5"
    exact, _total = presenters.funder_rows(report, suppress=False)
    assert exact[1]["dispatches"] == 3


@pytest.mark.parametrize(("language", "title"), [("en", "Funder and city report"),
                                                  ("es", "Informe para financiadores")])  # fmt: skip
def test_the_page_prints_and_exports_in_both_languages(
    client, center, board_member, march, language, title
):
    client.force_login(board_member)
    client.cookies["django_language"] = language
    page = client.get(f"/reports/funder/?{FEB_MAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert title in html
    assert "data-print" in html
    assert "Secret Person" not in html
    response = client.get(f"/reports/funder/csv/months/?{FEB_MAR}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == ["2025-02", "2025-03", rows[-1][0]]
    assert rows[2][1] == "5"
    assert rows[1][1] == "<5"


def test_bad_dates_are_a_400_in_the_users_language(client, board_member, march):
    client.force_login(board_member)
    response = client.get("/reports/funder/?start=2025-13-01", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert client.get(f"/reports/funder/csv/nope/?{FEB_MAR}").status_code == 404


def test_coordinators_and_other_centers_do_not_get_it(client, center, other_center, march):
    client.force_login(factories.StaffFactory(center=center, role="coordinator").user)
    assert client.get("/reports/funder/").status_code == 403
    client.force_login(factories.StaffFactory(center=other_center, role="board").user)
    html = client.get(f"/reports/funder/?{FEB_MAR}").content.decode()
    assert "Graton" in html
    assert "Pomona" not in html


# --- voluntary demographics ---------------------------------------------------------------


def ask(center):
    Center.objects.filter(pk=center.pk).update(demographics_enabled=True)
    center.refresh_from_db()


def test_demographics_are_counted_only_where_the_center_asks(center, march):
    a, b, *_rest = march["workers"]
    ask(center)
    demographics_record(worker=a, by=None, gender="woman", age_group="25_39")
    demographics_record(worker=b, by=None, gender="woman")
    report = funder_report(center=center, start=date(2025, 3, 1), end=date(2025, 3, 31))
    gender = dict(report.demographics["gender"])
    assert gender["woman"] == 2
    assert gender["prefer_not"] == 3, "who never answered prefers not to say"
    assert sum(gender.values()) == report.totals["workers_served"]
    shown = presenters.demographics_rows(report, suppress=True)
    assert all(n == "<5" for block in shown for _label, n in block["answers"]), (
        "five workers: every answer is a count under 5 or gives one back"
    )


def test_an_answer_left_out_stays_prefer_not_to_say(center):
    ask(center)
    row = demographics_record(worker=factories.WorkerFactory(center=center), by=None)
    assert (row.gender, row.age_group, row.ethnicity) == ("prefer_not",) * 3


def test_a_center_that_does_not_ask_records_nothing(center):
    from workers.errors import RegistryError

    with pytest.raises(RegistryError):
        demographics_record(worker=factories.WorkerFactory(center=center), by=None, gender="man")
    assert not Demographics.objects.exists()


def test_demographics_are_erased_with_the_worker(center, center_admin):
    ask(center)
    worker = factories.WorkerFactory(center=center)
    demographics_record(worker=worker, by=None, gender="man", ethnicity="indigenous")
    worker_erase(worker=worker, by=center_admin)
    assert not Demographics.objects.filter(worker=worker).exists()


@pytest.mark.parametrize(("language", "label"), [("en", "Age group"), ("es", "Grupo de edad")])
def test_a_center_admin_records_them_and_the_desk_never_sees_them(
    client, center, center_admin, coordinator, language, label
):
    ask(center)
    worker = factories.WorkerFactory(center=center)
    client.force_login(center_admin)
    client.cookies["django_language"] = language
    url = f"/workers/{worker.pk}/demographics/"
    page = client.get(url).content.decode()
    assert label in page
    assert 'value="prefer_not" selected' in page
    response = client.post(url, {"gender": "non_binary", "age_group": "55_plus",
                                 "ethnicity": "prefer_not"})  # fmt: skip
    assert response.status_code == 302
    assert Demographics.objects.get(worker=worker).gender == "non_binary"
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    for desk_page in (f"/workers/{worker.pk}/", "/desk/", f"/workers/?q={worker.badge}"):
        html = client.get(desk_page).content.decode()
        assert "non_binary" not in html
        assert "Non-binary" not in html
        assert "No binario" not in html


def test_the_questions_never_ask_for_immigration_status_or_an_id():
    names = {f.name for f in Demographics._meta.get_fields()}
    assert names == {"id", "worker", "gender", "age_group", "ethnicity", "updated_at"}


def test_dispatch_never_reads_demographics():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in (root / "dispatch").rglob("*.py"):
        assert "emographic" not in path.read_text(encoding="utf-8"), path


# --- the generator's small network --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_report_matches_the_raw_rows_of_the_generated_network():
    generate.run(
        centers=2, assignments=1500, years=1, end=date(2025, 12, 31), seed=11, reset=True,
        quiet=True,
    )  # fmt: skip
    center = Center.objects.order_by("pk").first()
    report = funder_report(center=center, start=date(2025, 1, 1), end=date(2025, 12, 31))
    live = list(LIVE_STATES)
    tz = center.timezone
    queries = {
        "workers_served": (
            "SELECT m, count(DISTINCT w) FROM (SELECT date_trunc('month', date)::date m, worker_id w"
            " FROM dispatch_signin WHERE center_id = %(c)s UNION SELECT date_trunc('month', date)"
            "::date, worker_id FROM dispatch_assignment WHERE center_id = %(c)s AND state = ANY("
            "%(live)s)) u WHERE m BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY m"
        ),
        "dispatches": (
            "SELECT date_trunc('month', date)::date, count(*) FROM dispatch_assignment WHERE"
            " center_id = %(c)s AND state = ANY(%(live)s) AND date BETWEEN '2025-01-01' AND"
            " '2025-12-31' GROUP BY 1"
        ),
        "worker_days": (
            "SELECT m, count(*) FROM (SELECT DISTINCT date_trunc('month', date)::date m,"
            " worker_id, date FROM dispatch_assignment WHERE center_id = %(c)s AND state = ANY("
            "%(live)s) AND date BETWEEN '2025-01-01' AND '2025-12-31') d GROUP BY m"
        ),
        "hours": (
            "SELECT date_trunc('month', date)::date, coalesce(sum(hours_worked), 0) FROM"
            " dispatch_assignment WHERE center_id = %(c)s AND state = ANY(%(live)s) AND date"
            " BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY 1"
        ),
        "wages": (
            "SELECT date_trunc('month', date)::date, coalesce(sum(amount_paid), 0) FROM"
            " dispatch_assignment WHERE center_id = %(c)s AND state = ANY(%(live)s) AND date"
            " BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY 1"
        ),
        "claims_opened": (
            "SELECT m, count(*) FROM (SELECT date_trunc('month', opened_at AT TIME ZONE %(tz)s)"
            "::date m FROM wages_wageclaim WHERE center_id = %(c)s AND status <> 'draft') c"
            " WHERE m BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY m"
        ),
        "recovered": (
            "SELECT m, sum(amount) FROM (SELECT date_trunc('month', e.at AT TIME ZONE %(tz)s)"
            "::date m, e.amount FROM wages_claimevent e JOIN wages_wageclaim c ON c.id ="
            " e.claim_id WHERE c.center_id = %(c)s AND e.kind = 'payment') p WHERE m BETWEEN"
            " '2025-01-01' AND '2025-12-31' GROUP BY m"
        ),
    }
    params = {"c": center.pk, "live": live, "tz": tz}
    by_month = {row["month"]: row for row in report.months}
    with connection.cursor() as cursor:
        for figure, sql in queries.items():
            cursor.execute(sql, params)
            raw = dict(cursor.fetchall())
            assert raw, f"the generator wrote no {figure}"
            mine = {m: row[figure] for m, row in by_month.items() if row[figure]}
            assert mine == raw, figure
        cursor.execute(
            "SELECT count(DISTINCT worker_id) FROM (SELECT worker_id FROM dispatch_signin WHERE"
            " center_id = %(c)s AND date BETWEEN '2025-01-01' AND '2025-12-31' UNION SELECT"
            " worker_id FROM dispatch_assignment WHERE center_id = %(c)s AND state = ANY(%(live)s)"
            " AND date BETWEEN '2025-01-01' AND '2025-12-31') u",
            params,
        )
        assert report.totals["workers_served"] == cursor.fetchone()[0]
    assert report.totals["dispatches"] == sum(row["dispatches"] for row in report.months)
    assert report.totals["workers_served"] < sum(row["workers_served"] for row in report.months)


def test_the_workers_own_export_includes_what_they_told(center):
    from workers.exports import worker_export_data

    ask(center)
    worker = factories.WorkerFactory(center=center)
    demographics_record(worker=worker, by=None, age_group="40_54")
    rows = worker_export_data(worker=worker)["sections"]["demographics"]["rows"]
    assert {"age_group": {"code": "40_54", "es": "De 40 a 54", "en": "40 to 54"}} in rows
