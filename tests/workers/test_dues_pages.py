"""Dues at the desk: the payment form on the worker's page, the receipt, the center's
membership settings, and the board report's dues per month (pages)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from centers.models import Center
from reports.presenters import csv_text
from reports.selectors import report_summary
from tests import factories
from tests.htmlforms import page_form
from workers.models import DuesPayment, Worker

pytestmark = pytest.mark.django_db


def _login(client, user, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    client.cookies["django_language"] = language


def _paid(center, worker, day, amount, **extra):
    return DuesPayment.objects.create(
        center=center,
        worker=worker,
        amount=Decimal(amount),
        period_from=day,
        period_to=day + timedelta(days=29),
        method="cash",
        paid_on=day,
        **extra,
    )


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_payment_form_round_trips_and_opens_the_receipt(client, center, coordinator, language):
    _login(client, coordinator, language)
    today = center.today()
    worker = factories.WorkerFactory(center=center, dues_paid_through=today + timedelta(days=3))
    html = client.get(f"/workers/{worker.pk}/").content.decode()
    form = page_form(html, f"/workers/{worker.pk}/dues/")
    # The period starts the day after the dues run out, as an ISO date in every language.
    assert form.value("period_from") == (today + timedelta(days=4)).isoformat()
    assert form.value("method") == "cash"
    data = form.submit_data(None)
    data |= {"amount": "20.00", "period_to": (today + timedelta(days=33)).isoformat()}
    response = client.post(f"/workers/{worker.pk}/dues/", data)
    payment = DuesPayment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workers/{worker.pk}/dues/{payment.pk}/receipt/"
    assert (payment.amount, payment.period_from, payment.period_to, payment.method) == (
        Decimal("20.00"),
        today + timedelta(days=4),
        today + timedelta(days=33),
        "cash",
    )
    assert payment.taken_by == coordinator
    worker.refresh_from_db()
    assert worker.dues_paid_through == today + timedelta(days=33)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The period must end on or after the day it starts."),
        ("es", "El periodo debe terminar el mismo día en que empieza o después."),
    ],
)
def test_a_bad_payment_shows_its_error_on_the_page_and_saves_nothing(
    client, center, coordinator, language, message
):
    _login(client, coordinator, language)
    worker = factories.WorkerFactory(center=center)
    response = client.post(
        f"/workers/{worker.pk}/dues/",
        {"amount": "20", "period_from": "2026-12-10", "period_to": "2026-12-01", "method": "cash"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DuesPayment.objects.exists()


def test_an_amount_that_is_not_a_number_is_refused_in_spanish(client, center, coordinator):
    _login(client, coordinator, "es")
    worker = factories.WorkerFactory(center=center)
    response = client.post(
        f"/workers/{worker.pk}/dues/",
        {"amount": "veinte", "period_from": "2026-12-01", "period_to": "2026-12-31"},
    )
    assert response.status_code == 400
    assert "Introduzca un número" in response.content.decode()
    assert not DuesPayment.objects.exists()


@pytest.mark.parametrize(
    ("worker_language", "desk_language", "words"),
    [
        ("es", "en", ["Recibo de cuotas", "Efectivo", "Membresía pagada hasta", "$20.00"]),
        ("en", "es", ["Dues receipt", "Cash", "Membership paid through", "$20.00"]),
    ],
)
def test_the_receipt_is_in_the_workers_language_whatever_the_desks(
    client, center, coordinator, worker_language, desk_language, words
):
    _login(client, coordinator, desk_language)
    worker = factories.WorkerFactory(center=center, preferred_language=worker_language)
    payment = _paid(center, worker, date(2026, 12, 1), "20.00", taken_by=coordinator)
    page = client.get(f"/workers/{worker.pk}/dues/{payment.pk}/receipt/")
    html = page.content.decode()
    assert page.status_code == 200
    for word in words:
        assert word in html
    assert f'lang="{worker_language}"' in html
    assert "<script>" not in html  # the print button is wired by the static script
    assert "data-print" in html


def test_another_centers_coordinator_cannot_see_or_record_dues(client, center, other_coordinator):
    worker = factories.WorkerFactory(center=center)
    payment = _paid(center, worker, date(2026, 12, 1), "20.00")
    client.force_login(other_coordinator)
    assert client.get(f"/workers/{worker.pk}/dues/{payment.pk}/receipt/").status_code == 404
    data = {"amount": "20", "period_from": "2027-01-01", "period_to": "2027-01-31"}
    response = client.post(f"/workers/{worker.pk}/dues/", data | {"method": "cash"})
    assert response.status_code == 404
    assert DuesPayment.objects.count() == 1


def test_a_board_member_cannot_record_dues(client, center, board_member):
    worker = factories.WorkerFactory(center=center)
    client.force_login(board_member)
    data = {"amount": "20", "period_from": "2027-01-01", "period_to": "2027-01-31"}
    response = client.post(f"/workers/{worker.pk}/dues/", data | {"method": "cash"})
    assert response.status_code in (403, 404)
    assert not DuesPayment.objects.exists()


# --- the center's settings ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_center_admin_sets_the_grace_and_the_expired_member_rule(
    client, center, center_admin, language
):
    _login(client, center_admin, language)
    form = page_form(client.get("/center/settings/").content.decode(), "")
    data = form.submit_data(None) | {
        "membership_grace_days": "14",
        "expired_member_policy": "lower_tier",
    }
    assert client.post("/center/settings/", data).status_code == 302
    center.refresh_from_db()
    assert (center.membership_grace_days, center.expired_member_policy) == (14, "lower_tier")
    assert center.history.first().history_user == center_admin


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The grace after dues run out is 0 to 365 days."),
        ("es", "La gracia después de que vencen las cuotas es de 0 a 365 días."),
    ],
)
def test_a_grace_out_of_bounds_is_refused(client, center, center_admin, language, message):
    _login(client, center_admin, language)
    form = page_form(client.get("/center/settings/").content.decode(), "")
    response = client.post(
        "/center/settings/", form.submit_data(None) | {"membership_grace_days": "400"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    center.refresh_from_db()
    assert center.membership_grace_days == Center._meta.get_field("membership_grace_days").default


# --- the board report ------------------------------------------------------------------------


def test_the_board_report_shows_dues_per_month_matching_the_payments(
    client, center, other_center, center_admin
):
    workers = factories.WorkerFactory.create_batch(6, center=center)
    for n, worker in enumerate(workers):
        _paid(center, worker, date(2026, 10, 3 + n), "20.00")
        _paid(center, worker, date(2026, 11, 3 + n), "25.50")
    _paid(center, workers[0], date(2026, 11, 20), "0.00")  # waived: collects nothing
    stranger = factories.WorkerFactory(center=other_center)
    _paid(other_center, stranger, date(2026, 11, 3), "99.00")  # another center's
    client.force_login(center_admin)
    report = report_summary(center=center, start=date(2026, 10, 1), end=date(2026, 11, 30))
    rows = csv_text("dues", report, suppress=False).splitlines()
    raw = {
        month: sum(
            p.amount for p in DuesPayment.objects.filter(center=center, paid_on__month=month)
        )
        for month in (10, 11)
    }
    assert rows[1:] == [f"2026-10,6,{raw[10]:.2f}", f"2026-11,6,{raw[11]:.2f}"]
    assert raw == {10: Decimal("120.00"), 11: Decimal("153.00")}
    page = client.get("/reports/?start=2026-10-01&end=2026-11-30").content.decode()
    assert "$153.00" in page
    assert "$120.00" in page
    assert "$99.00" not in page


def test_a_board_member_sees_a_month_with_few_payers_suppressed(client, center, board_member):
    worker = factories.WorkerFactory(center=center, full_name="Rosa María Pérez")
    _paid(center, worker, date(2026, 11, 3), "20.00")
    client.force_login(board_member)
    page = client.get("/reports/?start=2026-11-01&end=2026-11-30").content.decode()
    table = page[page.index('id="dues"') :]
    table = table[: table.index("</table>")]
    assert "&lt;5" in table
    assert "$20.00" not in table
    assert "Rosa" not in page
    csv = client.get("/reports/csv/dues/?start=2026-11-01&end=2026-11-30").content.decode()
    assert csv.splitlines()[1] == "2026-11,<5,<5"


def test_demo_members_have_payments_and_some_expire_soon(center, settings):
    import random

    from workers import demo

    demo.seed([center], random.Random(7))
    today = center.today()
    members = Worker.objects.filter(center=center, dues_paid_through__isnull=False)
    assert DuesPayment.objects.filter(center=center).count() >= members.count() > 50
    assert members.filter(dues_paid_through__range=(today, today + timedelta(days=7))).exists()
    assert members.filter(status=Worker.Status.EXPIRED).exists()
    for worker in members[:20]:
        last = worker.dues_payments.order_by("-period_to").first()
        assert last.period_to == worker.dues_paid_through
