from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests import factories
from workers.models import PrivacyEvent, Worker

pytestmark = pytest.mark.django_db


def test_the_desk_registers_a_worker_and_lands_on_their_page(desk_client, center):
    response = desk_client.post(
        reverse("worker-create"),
        {"full_name": "Jesús Ramírez", "phone": "909 555 0142", "preferred_language": "es",
         "skills": ["painting", "moving"], "status": "active", "sms_consent": "on",
         "sms_consent_method": "verbal"},
    )  # fmt: skip
    worker = Worker.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("worker-detail", args=[worker.pk])
    assert (worker.badge, worker.known_as, str(worker.phone)) == (1, "Jesús", "+19095550142")
    assert worker.sms_consent_method == "verbal"
    page = desk_client.get(response.url).content.decode()
    assert "Print ID card" in page
    assert "Jesús" in page


def test_a_bad_phone_shows_on_the_form_and_writes_nothing(desk_client, center):
    response = desk_client.post(
        reverse("worker-create"),
        {"full_name": "Ana", "phone": "12", "preferred_language": "es", "status": "active"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    assert "no es un número de teléfono válido" in response.content.decode()
    assert not Worker.objects.exists()


def test_editing_a_worker_saves_through_the_service(desk_client, center):
    worker = factories.WorkerFactory(center=center, full_name="Raúl Peña", phone="+19095550111")
    form = desk_client.get(reverse("worker-edit", args=[worker.pk])).content.decode()
    assert "(909) 555-0111" in form
    response = desk_client.post(
        reverse("worker-edit", args=[worker.pk]),
        {"full_name": "Raúl Peña", "known_as": "Güero", "phone": "(909) 555-0111",
         "preferred_language": "en", "status": "active", "notes": "Has tools"},
    )  # fmt: skip
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.known_as, worker.preferred_language, worker.notes) == (
        "Güero",
        "en",
        "Has tools",
    )
    assert "guero" in worker.search_text


def test_the_worker_list_searches_without_accents(desk_client, center):
    factories.WorkerFactory(center=center, full_name="Ramón Núñez", search_text="ramon nunez")
    factories.WorkerFactory(center=center, full_name="Otro Señor", search_text="otro senor")
    page = desk_client.get(reverse("worker-list"), {"q": "NUNEZ"}).content.decode()
    assert "Ramón Núñez" in page
    assert "Otro Señor" not in page


@pytest.mark.parametrize("rows", [5, 50])
def test_the_worker_list_page_costs_the_same_queries_for_5_and_50_rows(
    desk_client, center, rows, django_assert_max_num_queries
):
    skills = list(factories.SkillFactory._meta.model.objects.all()[:3])
    for _ in range(rows):
        factories.WorkerFactory(center=center, skills=skills)
    with django_assert_max_num_queries(10):
        response = desk_client.get(reverse("worker-list"))
    assert response.content.decode().count('class="badge-num"') == rows


def test_the_id_card_shows_center_name_badge_and_codes(desk_client, center):
    worker = factories.WorkerFactory(
        center=center, badge=42, known_as="Chuy", preferred_language="es", other_languages="Mixteco"
    )
    page = desk_client.get(reverse("worker-card", args=[worker.pk])).content.decode()
    assert center.name in page
    assert "Chuy" in page
    assert "Mixteco" in page
    assert "Español" in page
    assert '<span class="badge-digits">42</span>' in page
    assert page.count("<svg") == 2


def test_a_sheet_of_cards_prints_a_badge_range(desk_client, center):
    for badge in (1, 2, 3, 10):
        factories.WorkerFactory(center=center, badge=badge)
    page = desk_client.get(reverse("worker-cards"), {"from": 2, "to": 9}).content.decode()
    assert re.findall(r'data-badge="(\d+)"', page) == ["2", "3"]


def test_privacy_tools_are_for_center_admins_only(desk_client, center):
    worker = factories.WorkerFactory(center=center)
    assert desk_client.post(reverse("worker-export", args=[worker.pk])).status_code == 403
    assert desk_client.post(reverse("worker-erase", args=[worker.pk])).status_code == 403


def test_a_center_admin_exports_and_erases_a_worker(client, center, center_admin):
    client.force_login(center_admin)
    worker = factories.WorkerFactory(center=center, full_name="Inés Cortés")
    response = client.post(reverse("worker-export", args=[worker.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    exported = json.loads(response.content)
    assert exported["sections"]["person"]["rows"][0]["full_name"] == "Inés Cortés"
    refused = client.post(reverse("worker-erase", args=[worker.pk]), {"confirm_badge": "0"})
    assert refused.status_code == 400
    client.post(reverse("worker-erase", args=[worker.pk]), {"confirm_badge": str(worker.badge)})
    worker.refresh_from_db()
    assert worker.full_name == ""
    assert worker.erased_at is not None
    actions = set(PrivacyEvent.objects.values_list("action", "by"))
    assert actions == {("export", center_admin.pk), ("erase", center_admin.pk)}


def test_board_members_cannot_open_the_registry(client, center, board_member):
    client.force_login(board_member)
    worker = factories.WorkerFactory(center=center)
    assert client.get(reverse("worker-list")).status_code == 403
    assert client.get(reverse("worker-detail", args=[worker.pk])).status_code == 403


def test_the_live_search_answers_with_the_rows_only(desk_client, center):
    factories.WorkerFactory(center=center, full_name="Ramón Núñez", search_text="ramon nunez")
    response = desk_client.get(reverse("worker-list"), {"q": "ramon"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Ramón Núñez" in page
    assert "<html" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/workers/worker/",
        "/admin/workers/worker/?q=nunez",
        "/admin/workers/skill/",
        "/admin/employers/employer/",
        "/admin/employers/job/",
    ],
)
def test_the_admin_lists_registry_models(client, center, path):
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    factories.WorkerFactory(center=center, full_name="José Núñez", search_text="jose nunez")
    factories.JobFactory(center=center)
    client.force_login(admin)
    response = client.get(path)
    assert response.status_code == 200
    if "q=nunez" in path:
        assert "José Núñez" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "Phone call · mixteco"), ("es", "Llamada · mixteco")]
)
def test_the_desk_chooses_offers_by_call_in_mixteco(desk_client, center, language, shown):
    worker = factories.WorkerFactory(center=center, full_name="Ana Cruz", phone="+19095550111")
    response = desk_client.post(
        reverse("worker-edit", args=[worker.pk]),
        {"full_name": "Ana Cruz", "phone": "(909) 555-0111", "preferred_language": "es",
         "status": "active", "contact_preference": "voice", "voice_language": " Mixteco "},
    )  # fmt: skip
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.contact_preference, worker.voice_language) == ("voice", "mixteco")
    page = desk_client.get(response.url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in page
    bad = desk_client.post(
        reverse("worker-edit", args=[worker.pk]),
        {"full_name": "Ana Cruz", "preferred_language": "es", "status": "active",
         "contact_preference": "voice", "voice_language": "mix<teco>"},
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip
    assert bad.status_code == 400
    assert "Escriba el idioma de las llamadas con letras" in bad.content.decode()
