"""An API call without credentials is told how to authenticate: 401 with WWW-Authenticate."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Authentication credentials were not provided"), ("es", "credenciales")],
)
@pytest.mark.parametrize("url", ["/api/v1/workers/", "/api/v1/jobs/", "/api/v1/reports/summary/"])
def test_an_anonymous_call_gets_401_with_the_token_scheme(db, url, language, words):
    response = APIClient().get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert words in response.json()["detail"]


def test_a_forged_token_gets_401_too(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/workers/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_and_a_session_both_still_work(client, center, coordinator):
    factories.WorkerFactory(center=center)
    key = client.post(
        "/api/v1/auth/token/", {"username": coordinator.username, "password": factories.PASSWORD}
    ).json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/workers/").json()["count"] == 1
    client.force_login(coordinator)
    assert client.get("/api/v1/workers/").json()["count"] == 1


def test_a_session_call_that_writes_still_needs_its_csrf_token(center, coordinator):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(coordinator)
    response = api.post("/api/v1/employers/", {"name": "Ana Avila"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_someone_logged_in_without_a_role_gets_403_not_401(db, api_for):
    stranger = factories.UserFactory(username="stranger")
    assert api_for(stranger).get("/api/v1/workers/").status_code == 403
