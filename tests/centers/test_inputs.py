"""Bad input is a clear 400 in the reader's language and writes nothing: the one input rule
(centers/inputs.py), the middleware and JSON parser built on it, and every input found to
give a 500 (NUL bytes, odd digits, huge numbers, bad ids and dates, deep JSON, webhooks)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework import serializers
from rest_framework.test import APIClient

from centers.fields import NumberField, NumberSerializerField
from centers.inputs import (
    INT_MAX,
    BadInput,
    clean_text,
    number_or_none,
    parse_date,
    parse_date_range,
    parse_int,
)
from dispatch.models import SignIn
from sms.client import signature_compute
from sms.models import Message, StatusEvent
from tests import factories
from workers.models import Worker

TODAY = date(2026, 12, 1)


# --- the rule itself ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "x\x07", "\x1b[2J", "a\x7f", "\ud800"])
def test_clean_text_refuses_control_characters(text):
    with pytest.raises(BadInput, match="control character"):
        clean_text(text)


def test_clean_text_keeps_line_breaks_and_accents_and_strips():
    assert clean_text("  Nicolás\r\n Gómez\t ") == "Nicolás\r\n Gómez"


def test_clean_text_refuses_text_longer_than_its_column():
    assert clean_text("a" * 10, max_length=10) == "a" * 10
    with pytest.raises(BadInput, match="at most 10 characters"):
        clean_text("a" * 11, max_length=10)


@pytest.mark.parametrize(
    "text", ["²", "١٢", "１２", "12a", "", " ", "1.5", "+1", "9" * 5000, "1e3", "½"]
)
def test_parse_int_takes_ascii_digits_only(text):
    with pytest.raises(BadInput):
        parse_int(text)


def test_parse_int_holds_the_bounds_of_the_database_integer():
    assert parse_int(" 42 ") == 42
    assert parse_int(str(INT_MAX)) == INT_MAX
    with pytest.raises(BadInput, match="from 0 to 2147483647"):
        parse_int(str(INT_MAX + 1))
    with pytest.raises(BadInput, match="from 1 to"):
        parse_int("0", min_value=1)


def test_number_or_none_is_for_searches():
    assert number_or_none("123") == 123
    assert number_or_none("²") is None
    assert number_or_none("9" * 5000) is None
    assert number_or_none(str(INT_MAX + 1)) is None


@pytest.mark.parametrize(
    "text", ["garbage", "2026-13-01", "2026-02-30", "20261201", "9999-12-30", "0001-01-01", "²"]
)
def test_parse_date_takes_iso_dates_in_sane_years(text):
    with pytest.raises(BadInput, match="YYYY-MM-DD"):
        parse_date(text)


def test_parse_date_range_defaults_orders_and_bounds():
    defaults = {"default_start": date(2026, 1, 1), "default_end": TODAY}
    assert parse_date_range("", None, **defaults) == (date(2026, 1, 1), TODAY)
    assert parse_date_range("2026-11-01", "2026-11-30", **defaults) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    with pytest.raises(BadInput, match="before the start"):
        parse_date_range("2026-11-30", "2026-11-01", **defaults)
    with pytest.raises(BadInput, match="at most 30 days"):
        parse_date_range("2026-01-01", "2026-03-01", max_days=30, **defaults)
    with pytest.raises(BadInput) as caught:
        parse_date_range("9999-12-30", "9999-12-31", **defaults)
    assert caught.value.field == "start"


# --- pages ------------------------------------------------------------------------------


@pytest.fixture
def worker(center):
    center.signin_opens = time(0, 0)
    center.save()
    return factories.WorkerFactory(center=center, badge=7, phone="+19095550164")


PAGE_GETS = [
    "/workers/?q=%00",
    "/workers/?q=ab%00cd&status=active",
    "/employers/?q=%00",
    "/jobs/?q=%00",
    "/claims/?q=%00",
    "/workers/cards/?from=%C2%B2",
    "/workers/cards/?to=" + "9" * 5000,
    "/workers/cards/?badge=abc",
    "/sms/simulator/?worker=abc",
    "/jobs/?date=garbage",
    "/jobs/log/?date=9999-99-99",
    "/claims/new/?assignment=%C2%B2",
]


@pytest.mark.parametrize("url", PAGE_GETS)
def test_bad_input_in_a_page_is_a_400_with_a_message(desk_client, settings, worker, url):
    settings.SMS_SIMULATOR = True
    response = desk_client.get(url)
    assert response.status_code == 400, url
    assert b'role="alert"' in response.content


def test_the_message_is_in_spanish_for_a_spanish_reader(desk_client, coordinator, worker):
    coordinator.language = "es"
    coordinator.save()
    response = desk_client.get("/workers/?q=%00")
    assert response.status_code == 400
    assert "carácter de control" in response.content.decode()
    response = desk_client.get("/jobs/?date=garbage")
    assert response.status_code == 400
    assert "AAAA-MM-DD" in response.content.decode()


def test_the_message_is_in_english_for_an_english_reader(desk_client, worker):
    response = desk_client.get("/jobs/?date=garbage")
    assert response.status_code == 400
    assert "Dates must be written as YYYY-MM-DD" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"q": "²"},
        {"q": "9" * 5000},
        {"q": "Nico\x00las"},
        {"worker": "abc"},
        {"q": str(INT_MAX + 1)},
    ],
)
def test_the_desk_scan_box_refuses_bad_input_and_signs_nobody_in(desk_client, worker, data):
    response = desk_client.post("/desk/signin/", data, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 400)
    assert b'role="alert"' in response.content or b"error" in response.content
    assert not SignIn.objects.exists()


def test_the_desk_scan_box_says_why_a_superscript_is_no_badge(desk_client, worker):
    response = desk_client.post("/desk/signin/", {"q": "²"}, HTTP_HX_REQUEST="true")
    assert "“²” is not a badge number." in response.content.decode()
    response = desk_client.post("/desk/signin/", {"q": "7"}, HTTP_HX_REQUEST="true")
    assert SignIn.objects.filter(worker=worker).exists()


@pytest.mark.parametrize("badge", ["²", "9" * 5000, "abc", str(INT_MAX + 1)])
def test_the_desk_assign_by_badge_refuses_bad_numbers(desk_client, center, worker, badge):
    job = factories.JobFactory(center=center, date=center.today())
    response = desk_client.post(f"/desk/jobs/{job.pk}/dispatch/", {"badge": badge})
    assert response.status_code in (302, 200, 400)
    assert not job.assignments.exists()


# --- the API ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/workers/?search=%00",
        "/api/v1/signins/?search=%00",
        "/api/v1/skills/%00/",
        "/api/v1/employers/?search=%00",
        "/api/v1/lottery/?date=garbage",
        "/api/v1/lottery/?date=9999-12-31",
    ],
)
def test_bad_input_in_the_api_is_a_400_json(api, url):
    response = api.get(url)
    assert response.status_code == 400, url
    assert response.json()["detail"]


def test_a_nul_in_a_json_string_is_a_400_and_writes_nothing(api, center):
    factories.SkillFactory(code="painting")
    response = api.post(
        "/api/v1/workers/",
        {"full_name": "Ana", "skills": ["\u0000"]},
        format="json",
    )
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]
    assert not Worker.objects.exists()


def test_a_badge_past_the_database_integer_is_a_400(api, center):
    response = api.post(
        "/api/v1/workers/", {"full_name": "Ana", "badge": 2147483648}, format="json"
    )
    assert response.status_code == 400
    assert "badge" in response.json()["errors"]
    assert not Worker.objects.exists()


def test_json_nested_100000_deep_is_a_400(api):
    body = "[" * 100_000 + "]" * 100_000
    response = api.generic("POST", "/api/v1/workers/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_json_errors_are_in_spanish(coordinator, center):
    client = APIClient()
    client.force_authenticate(coordinator)
    response = client.post(
        "/api/v1/workers/",
        {"full_name": "Ana\u0000"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    assert "carácter de control" in response.json()["detail"]


@pytest.mark.parametrize(
    "query", ["start=9999-12-30", "start=9999-12-30&end=9999-12-31", "end=0001-01-01"]
)
def test_report_ranges_at_the_calendars_ends_are_a_400(client, board_member, query):
    client.force_login(board_member)
    assert client.get(f"/reports/?{query}").status_code == 400
    assert client.get(f"/reports/csv/totals/?{query}").status_code == 400
    api_client = APIClient()
    api_client.force_authenticate(board_member)
    response = api_client.get(f"/api/v1/reports/summary/?{query}")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["detail"]


def test_the_api_docs_with_a_forged_token_asking_for_json_is_no_500(db):
    response = Client().get(
        "/api/docs/", HTTP_AUTHORIZATION="Token forged", HTTP_ACCEPT="application/json"
    )
    assert response.status_code < 500


# --- signed webhooks --------------------------------------------------------------------

TOKEN = "webhook-test-token"
BASE = "https://jornada.example.org"


@pytest.fixture
def _twilio_token(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SMS_PUBLIC_BASE_URL = BASE


def _signed_post(path, params):
    signature = signature_compute(token=TOKEN, url=BASE + path, params=params)
    return Client().post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


def _inbound(center, worker, **changes):
    params = {
        "MessageSid": "SM" + "a" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": str(worker.phone),
        "To": str(center.sms_number),
        "Body": "hola",
        "NumMedia": "0",
        "NumSegments": "1",
    }
    params.update(changes)
    return params


@pytest.mark.usefixtures("_twilio_token")
@pytest.mark.parametrize(
    "changes",
    [
        {"MessageSid": "SM" + "a" * 200},
        {"NumSegments": "abc"},
        {"NumSegments": "²"},
        {"Body": "ho\x00la"},
        {"From": "+1" + "9" * 300},
    ],
)
def test_a_signed_inbound_webhook_with_bad_values_is_a_400(center, worker, changes):
    response = _signed_post("/sms/twilio/inbound/", _inbound(center, worker, **changes))
    assert response.status_code == 400
    assert not Message.objects.exists()


@pytest.mark.usefixtures("_twilio_token")
@pytest.mark.parametrize(
    "changes",
    [{"MessageSid": "SM" + "b" * 200}, {"ErrorCode": "3" * 50}, {"MessageStatus": "x" * 50}],
)
def test_a_signed_status_webhook_with_bad_values_is_a_400(db, changes):
    params = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered", **changes}
    response = _signed_post("/sms/twilio/status/", params)
    assert response.status_code == 400
    assert not StatusEvent.objects.exists()


@pytest.mark.usefixtures("_twilio_token")
def test_a_good_signed_inbound_webhook_still_goes_through(center, worker):
    response = _signed_post("/sms/twilio/inbound/", _inbound(center, worker, NumSegments="2"))
    assert response.status_code == 200
    assert Message.objects.get(direction="in").segments == 2


# --- the field pair -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["٣", "²", "１２", "9" * 5000, str(INT_MAX + 1), "1.0"])
def test_the_form_and_serializer_number_fields_refuse_what_parse_int_refuses(value):
    with pytest.raises(ValidationError):
        NumberField(min_value=1).clean(value)
    with pytest.raises(serializers.ValidationError):
        NumberSerializerField(min_value=1).run_validation(value)


def test_the_number_fields_take_ascii_digits():
    assert NumberField(min_value=1).clean(" 12 ") == 12
    assert NumberSerializerField(min_value=1).run_validation("12") == 12
    assert NumberSerializerField(min_value=1).run_validation(12) == 12
    with pytest.raises(serializers.ValidationError):
        NumberSerializerField().run_validation(INT_MAX + 1)
