from __future__ import annotations

import pytest

from tests import factories
from workers.models import Worker

pytestmark = pytest.mark.django_db

URL = "/api/v1/workers/"


def test_the_api_serves_the_documented_worker_fields(api, center):
    worker = factories.WorkerFactory(center=center, phone="+19095550123")
    worker.skills.set(factories.SkillFactory._meta.model.objects.filter(code="painting"))
    body = api.get(f"{URL}{worker.pk}/").json()
    for field in ("id", "badge", "full_name", "known_as", "phone", "preferred_language",
                  "skills", "status", "sms_consent", "sms_opted_out"):  # fmt: skip
        assert field in body
    assert body["phone"] == "+19095550123"
    assert body["skills"] == ["painting"]
    assert body["sms_consent"] is True
    assert body["sms_opted_out"] is False


def test_registering_through_the_api_normalizes_and_numbers(api, center, coordinator):
    response = api.post(
        URL,
        {"full_name": "Núñez José", "phone": "(909) 555-0199", "skills": ["roofing"],
         "preferred_language": "es", "sms_consent": True},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["badge"] == 1
    assert body["phone"] == "+19095550199"
    assert body["sms_consent"]
    worker = Worker.objects.get()
    assert worker.center == center
    assert worker.sms_consent_by == coordinator


@pytest.mark.parametrize(
    ("payload", "field", "english", "spanish"),
    [
        ({"phone": "555"}, "phone", "not a valid phone number", "no es un número de teléfono"),
        ({"skills": ["underwater"]}, "skills", "Unknown skill", "Oficio desconocido"),
        ({"preferred_language": "fr"}, "preferred_language", "valid choice", "válida"),
    ],
)
def test_bad_worker_input_is_a_400_in_the_request_language_and_writes_nothing(
    api, center, payload, field, english, spanish
):
    data = {"full_name": "Ana Peña", **payload}
    for language, text in (("en", english), ("es", spanish)):
        response = api.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        body = response.json()
        assert text in body["detail"], body
        assert field in body["errors"]
    assert not Worker.objects.exists()


def test_a_duplicate_phone_is_a_400_that_names_the_badge(api, center):
    factories.WorkerFactory(center=center, badge=7, phone="+19095550123")
    response = api.post(
        URL, {"full_name": "Otro", "phone": "909 555 0123"}, format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip
    assert response.status_code == 400
    assert "#7" in response.json()["detail"]
    assert "ya lo tiene la tarjeta #7" in response.json()["detail"]
    assert Worker.objects.count() == 1


def test_a_badge_cannot_change(api, center):
    worker = factories.WorkerFactory(center=center, badge=3)
    response = api.patch(f"{URL}{worker.pk}/", {"badge": 4}, format="json")
    assert response.status_code == 400
    assert Worker.objects.get().badge == 3


def test_patch_changes_only_what_is_sent(api, center):
    worker = factories.WorkerFactory(center=center, phone="+19095550123", notes="keep")
    response = api.patch(f"{URL}{worker.pk}/", {"skills": ["moving"]}, format="json")
    assert response.status_code == 200, response.json()
    worker.refresh_from_db()
    assert worker.notes == "keep"
    assert str(worker.phone) == "+19095550123"
    assert list(worker.skills.values_list("code", flat=True)) == ["moving"]


def test_workers_filter_by_status_skill_language_and_search(api, center):
    painter = factories.WorkerFactory(center=center, full_name="José Núñez", search_text="")
    from workers.services import worker_update

    worker_update(worker=painter, by=None, skills=["painting"])
    factories.WorkerFactory(center=center, status="inactive", preferred_language="en")

    def badges(query):
        return [w["badge"] for w in api.get(f"{URL}?{query}").json()["results"]]

    assert badges("search=nunez") == [painter.badge]
    assert badges("skill=painting") == [painter.badge]
    assert len(badges("status=inactive")) == 1
    assert len(badges("preferred_language=en")) == 1


def test_the_worker_list_is_paginated_with_results(api, center):
    for _ in range(3):
        factories.WorkerFactory(center=center)
    body = api.get(f"{URL}?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 3
    assert "next" in body


def test_skills_list_the_catalog_with_both_names(api):
    body = api.get("/api/v1/skills/").json()
    roofing = next(s for s in body if s["code"] == "roofing")
    assert (roofing["name_en"], roofing["name_es"]) == ("Roofing", "Techos")


def test_the_schema_documents_the_registry_endpoints(api):
    schema = api.get("/api/schema/?format=json").json()
    for path in ("/api/v1/workers/", "/api/v1/skills/", "/api/v1/employers/", "/api/v1/jobs/"):
        assert path in schema["paths"]
    worker = schema["components"]["schemas"]["Worker"]["properties"]
    assert {"badge", "phone", "skills", "sms_consent", "sms_opted_out"} <= set(worker)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_worker_list_api_costs_the_same_queries_for_5_and_50_rows(
    api, center, rows, django_assert_max_num_queries
):
    skills = list(factories.SkillFactory._meta.model.objects.all()[:3])
    for _ in range(rows):
        factories.WorkerFactory(center=center, skills=skills)
    with django_assert_max_num_queries(6):
        response = api.get(URL)
    assert len(response.json()["results"]) == rows


def test_a_token_opens_the_registry_api(client, center, coordinator):
    from rest_framework.test import APIClient

    factories.WorkerFactory(center=center)
    token = client.post(
        "/api/v1/auth/token/", {"username": coordinator.username, "password": factories.PASSWORD}
    ).json()["token"]
    api = APIClient()
    assert api.get(URL).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(URL).json()["count"] == 1
    assert api.get("/api/v1/jobs/").status_code == 200


def test_the_api_sets_offers_by_call_and_the_call_language(api, center):
    worker = factories.WorkerFactory(center=center)
    response = api.patch(
        f"/api/v1/workers/{worker.pk}/",
        {"contact_preference": "both", "voice_language": "Zapoteco"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["contact_preference"], response.json()["voice_language"]) == (
        "both",
        "zapoteco",
    )
    bad = api.patch(f"/api/v1/workers/{worker.pk}/", {"contact_preference": "fax"}, format="json")
    assert bad.status_code == 400
    worker.refresh_from_db()
    assert worker.contact_preference == "both"
