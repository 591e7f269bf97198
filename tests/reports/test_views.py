from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from PIL import Image

from centers.models import Center
from tests import factories
from workers import membership, photos
from workers.services import demographics_record

MARCH = "start=2025-03-01&end=2025-03-31"


@pytest.fixture
def network_admin(db):
    return factories.UserFactory(username="root", is_superuser=True, is_staff=True)


def _cells(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def test_board_member_sees_the_report_with_small_counts_suppressed(client, board_member, march):
    client.force_login(board_member)
    response = client.get(f"/reports/?{MARCH}")
    assert response.status_code == 200
    totals = _cells(response.content.decode(), "totals")
    assert re.search(r"Unique workers</td><td class=\"num\">\s*5\s*</td>", totals)
    assert re.search(r"Wage claims opened</td><td class=\"num\">\s*&lt;5\s*</td>", totals)
    # fewer than five claims: their amounts are hidden too
    assert "172.00" not in totals
    assert "chart.umd.min.js" in response.content.decode()


def test_center_admin_sees_exact_counts(client, center_admin, march):
    client.force_login(center_admin)
    totals = _cells(client.get(f"/reports/?{MARCH}").content.decode(), "totals")
    assert re.search(r"Wage claims opened</td><td class=\"num\">\s*2\s*</td>", totals)
    assert "$172.00" in totals


def test_the_report_page_reads_in_spanish(client, board_member, march):
    board_member.language = "es"
    board_member.save()
    client.force_login(board_member)
    body = client.get(f"/reports/?{MARCH}").content.decode()
    assert "Trabajadores únicos" in body
    assert "Imprimir" in body


def test_coordinators_cannot_open_reports(desk_client, march):
    assert desk_client.get("/reports/").status_code == 403
    assert desk_client.get("/reports/csv/totals/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_bad_dates_get_a_clear_message(client, board_member, march):
    client.force_login(board_member)
    response = client.get("/reports/?start=2025-03-31&end=2025-03-01")
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


def test_only_network_admins_see_the_whole_network(client, board_member, network_admin, march):
    client.force_login(board_member)
    assert client.get(f"/reports/?{MARCH}&scope=network").status_code == 403
    client.force_login(network_admin)
    response = client.get(f"/reports/?{MARCH}&scope=network")
    assert response.status_code == 200
    assert "Network report" in response.content.decode()


@pytest.mark.parametrize("table", ["totals", "daily", "deciles"])
def test_every_table_exports_as_csv(client, board_member, march, table):
    client.force_login(board_member)
    response = client.get(f"/reports/csv/{table}/?{MARCH}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) > 1
    if table == "totals":
        assert ["Wage claims opened", "<5"] in rows
    if table == "daily":
        # fewer than five placements that day: their hours and pay are hidden with them
        assert rows[1] == ["2025-03-03", "<5", "<5", "<5", "<5", "<5"]


def test_an_unknown_csv_table_is_not_found(client, board_member, march):
    client.force_login(board_member)
    assert client.get("/reports/csv/people/").status_code == 404


def test_summary_api_gives_the_report_as_json(api_for, center_admin, march):
    response = api_for(center_admin).get(f"/api/v1/reports/summary/?{MARCH}&center=pomona")
    assert response.status_code == 200
    body = response.json()
    assert body["center"] == "pomona"
    assert body["totals"]["unique_workers"] == 5
    assert body["totals"]["wages"] == "225.00"
    assert body["deciles"][-1] == 0.3333


def test_summary_api_suppresses_small_counts_for_board_members(api_for, board_member, march):
    body = api_for(board_member).get(f"/api/v1/reports/summary/?{MARCH}").json()
    assert body["totals"]["claims_opened"] == "<5"
    assert body["totals"]["owed"] == "<5"
    assert body["suppressed_below"] == 5


def test_summary_api_refuses_the_network_to_center_staff(api_for, center_admin, march):
    response = api_for(center_admin).get(f"/api/v1/reports/summary/?{MARCH}&scope=network")
    assert response.status_code == 403


def test_summary_api_refuses_coordinators_and_bad_dates(api_for, coordinator, board_member, march):
    assert api_for(coordinator).get("/api/v1/reports/summary/").status_code == 403
    response = api_for(board_member).get("/api/v1/reports/summary/?start=2025-13-01")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Dates must be written as YYYY-MM-DD")


def test_report_queries_do_not_grow_with_the_rows(
    client, board_member, march, django_assert_max_num_queries
):
    client.force_login(board_member)
    with django_assert_max_num_queries(12):
        client.get("/reports/?start=2025-01-01&end=2025-12-31")
    with django_assert_max_num_queries(12):
        client.get("/api/v1/reports/summary/?start=2025-02-10&end=2025-12-31")
    with django_assert_max_num_queries(12):
        client.get("/reports/csv/daily/?start=2025-01-01&end=2025-12-31")


# --- a board member cannot reach a name or a phone number anywhere --------------------

SAMPLE = {"int": "1", "slug": "pomona", "str": "pomona", "path": "pomona", "uuid": "0" * 32}


def _paths(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _concrete(route: str, pk: int) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\.", ".")
    route = re.sub(r"<int:\w+>", str(pk), route)
    route = re.sub(r"<(\w+):(\w+)>", lambda m: SAMPLE.get(m.group(1), "pomona"), route)
    route = re.sub(r"<(\w+)>", "pomona", route)
    route = re.sub(
        r"\(\?P<(\w+)>[^)]*\)", lambda m: "json" if m.group(1) == "format" else str(pk), route
    )
    route = route.replace("/?", "/").replace("?", "")
    return "/" + route


def test_a_board_member_reaches_no_name_or_phone_through_any_url(
    client, board_member, march, settings, tmp_path
):
    workers = march["workers"]
    # A member's dues (with a note naming someone) and card photo: aggregates only, no photo.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    picture = io.BytesIO()
    Image.new("RGB", (60, 80), (10, 200, 10)).save(picture, format="JPEG")
    picture.seek(0)
    photos.photo_save(worker=workers[0], upload=picture, consent=True, by=None)
    membership.dues_payment_record(
        worker=workers[0],
        by=None,
        amount=Decimal("20.00"),
        period_from=date(2025, 3, 1),
        period_to=date(2025, 3, 31),
        method="cash",
        note="Paid by Tomasina Quispe",
    )
    secrets = [w.full_name for w in workers] + [str(w.phone) for w in workers]
    secrets += ["Tomasina Quispe"]
    secrets += [w.phone.as_national for w in workers] + ["Ana Employer", "+19095550999"]
    # Voluntary demographics reach a board member only as counts in the funder report.
    center = workers[0].center
    Center.objects.filter(pk=center.pk).update(demographics_enabled=True)
    center.refresh_from_db()
    demographics_record(worker=workers[0], by=None, gender="non_binary", ethnicity="indigenous")
    client.force_login(board_member)
    paths = sorted({_concrete(route, workers[0].pk) for route in _paths()})
    assert reverse("reports") in paths
    assert reverse("reports-funder") in paths
    assert client.get(f"/workers/{workers[0].pk}/demographics/").status_code == 403
    assert "/api/v1/reports/summary/" in paths
    reached = 0
    for path in paths:
        for query in ("", f"?{MARCH}", "?format=json"):
            response = client.get(path + query)
            assert response.status_code != 500, path  # /readyz may say 503 without a broker
            assert not response.get("Content-Type", "").startswith("image/"), path
            if response.status_code == 200:
                reached += 1
                body = b"".join(response) if response.streaming else response.content
                text = body.decode(errors="replace")
                for secret in secrets:
                    assert secret not in text, f"{secret!r} on {path}{query}"
    assert reached >= 3


def test_fairness_page_shows_trend_deciles_and_the_lottery_modes_compared(
    client, center_admin, march
):
    client.force_login(center_admin)
    response = client.get(f"/reports/fairness/?{MARCH}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "0.6667" in body  # March's Gini coefficient
    simulation = _cells(body, "simulation")
    for label in ("Uniform draw", "Fewer jobs this week first", "Furthest behind fair share first"):
        assert label in simulation
    rows = list(
        csv.reader(io.StringIO(client.get(f"/reports/csv/simulation/?{MARCH}").content.decode()))
    )
    assert [row[0] for row in rows[1:]] == [
        "Uniform draw",
        "Fewer jobs this week first",
        "Furthest behind fair share first",
    ]
    trend = list(
        csv.reader(io.StringIO(client.get(f"/reports/csv/trend/?{MARCH}").content.decode()))
    )
    assert trend[1] == ["2025-03", "5", "0.6667"]


def test_the_fairness_page_and_its_simulation_csv_read_in_spanish(client, board_member, march):
    board_member.language = "es"
    board_member.save()
    client.force_login(board_member)
    body = client.get(f"/reports/fairness/?{MARCH}").content.decode()
    assert "repetidos con cada modo" in body
    assert "replayed with each mode" not in body
    rows = list(
        csv.reader(io.StringIO(client.get(f"/reports/csv/simulation/?{MARCH}").content.decode()))
    )
    assert rows[0][0] == "Modo del sorteo"
    modes = [row[0] for row in rows[1:]]
    assert len(modes) == 3
    assert not {"uniform", "tiered", "deficit"} & set(modes)
    with translation.override("es"):
        assert modes == [str(label) for label in Center.LotteryMode.labels]
