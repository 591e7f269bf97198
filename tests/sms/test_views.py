"""The template cost page and the SMS simulator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sms import catalog
from sms.catalog import Kind
from sms.models import Message
from tests import factories


def test_the_cost_page_lists_every_kind_in_both_languages(desk_client):
    response = desk_client.get(reverse("sms-template-costs"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {(r.kind, r.language) for r in rows} == {
        (kind, language) for kind in catalog.TEMPLATES for language in ("es", "en")
    }
    offer = next(r for r in rows if r.kind == Kind.OFFER and r.language == "es")
    assert (offer.encoding, offer.segments) == ("GSM-7", 1)
    assert offer.length <= 160
    assert offer.price == Decimal("0.0083")
    assert b'data-kind="offer" data-language="es"' in response.content


def test_the_cost_page_is_for_the_desk_only(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("sms-template-costs")).status_code == 403


def test_the_cost_page_needs_a_login(client, center):
    response = client.get(reverse("sms-template-costs"))
    assert response.status_code == 302


def test_the_simulator_lists_the_centers_phones_only(desk_client, center, other_center, worker):
    factories.WorkerFactory(center=center, phone="", known_as="SinTelefono")
    factories.WorkerFactory(center=other_center, known_as="DeGraton")
    response = desk_client.get(reverse("sms-simulator"))
    assert response.status_code == 200
    assert response.context["workers"] == [worker]
    assert response.context["selected"] == worker
    assert b"SinTelefono" not in response.content
    assert b"DeGraton" not in response.content


def test_a_reply_from_the_simulator_goes_through_the_signed_webhook(
    desk_client, center, worker, settings, django_capture_on_commit_callbacks
):
    settings.TWILIO_AUTH_TOKEN = ""
    settings.SMS_PUBLIC_BASE_URL = "https://demo.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            reverse("sms-simulator-reply"),
            {"worker": worker.pk, "body": "AYUDA"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    received = Message.objects.get(direction="in")
    assert (received.body, received.worker, received.kind) == ("AYUDA", worker, "reply:help")
    assert received.provider_sid.startswith("SM")
    answer = Message.objects.get(direction="out")
    assert answer.kind == Kind.HELP
    assert answer.status == Message.Status.SENT
    assert answer.body in response.content.decode()


def test_a_quick_reply_button_sends_its_word(desk_client, center, worker):
    desk_client.post(
        reverse("sms-simulator-reply"), {"worker": worker.pk, "body": "", "quick": "ALTO"}
    )
    assert Message.objects.get(direction="in").body == "ALTO"


def test_the_simulator_signs_with_the_real_token_when_there_is_one(
    desk_client, center, worker, settings
):
    settings.TWILIO_AUTH_TOKEN = "a-real-token"
    desk_client.post(reverse("sms-simulator-reply"), {"worker": worker.pk, "body": "hola"})
    assert Message.objects.filter(direction="in").count() == 1


def test_the_simulator_cannot_reply_as_a_worker_of_another_center(desk_client, other_center):
    stranger = factories.WorkerFactory(center=other_center)
    response = desk_client.post(
        reverse("sms-simulator-reply"), {"worker": stranger.pk, "body": "1"}
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_simulator_is_off_unless_enabled(desk_client, settings):
    settings.SMS_SIMULATOR = False
    assert desk_client.get(reverse("sms-simulator")).status_code == 404


@pytest.mark.parametrize("name", ["sms-simulator", "sms-template-costs"])
def test_the_sms_pages_render_in_spanish(desk_client, center, worker, name):
    desk_client.cookies["django_language"] = "es"
    response = desk_client.get(reverse(name))
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()


def test_the_simulator_shows_the_conversation(desk_client, center, worker):
    Message.objects.create(
        center=center, direction="out", worker=worker, to_number=worker.phone,
        from_number=center.sms_number, kind=Kind.OFFER, body="Trabajo: pintura", status="sent",
    )  # fmt: skip
    response = desk_client.get(reverse("sms-simulator"), {"worker": worker.pk})
    assert b"Trabajo: pintura" in response.content
    partial = desk_client.get(
        reverse("sms-simulator"), {"worker": worker.pk}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in partial.content
    assert b"Trabajo: pintura" in partial.content
