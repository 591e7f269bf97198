"""Password spraying: one address trying one password on many usernames gets locked out,
through the login page and the token endpoint alike; other addresses are not."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories

SPRAYER = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Dozens of logins per test: a fast hasher (the lockout does not depend on it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, username, password, address, language="en"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def spray(client, count, address=SPRAYER):
    for n in range(count):
        response = login(client, f"staff-{n:02d}", "Summer2026!", address)
        assert response.status_code in (200, 429)


def token(username, password, address, language="en"):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_below_the_address_limit_other_accounts_still_log_in(client, coordinator):
    spray(client, settings.AXES_ADDRESS_FAILURE_LIMIT - 1)
    response = login(client, coordinator.username, factories.PASSWORD, SPRAYER)
    assert response.status_code == 302


def test_one_password_on_every_username_locks_the_address_out(client, coordinator):
    spray(client, settings.AXES_ADDRESS_FAILURE_LIMIT)
    response = login(client, coordinator.username, factories.PASSWORD, SPRAYER)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_locked_out(client, coordinator):
    spray(client, settings.AXES_ADDRESS_FAILURE_LIMIT)
    response = login(client, coordinator.username, factories.PASSWORD, ELSEWHERE)
    assert response.status_code == 302


def test_the_lockout_page_speaks_spanish(client, coordinator):
    spray(client, settings.AXES_ADDRESS_FAILURE_LIMIT)
    response = login(client, coordinator.username, factories.PASSWORD, SPRAYER, language="es")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Demasiados intentos fallidos" in page
    assert "Too many" not in page


def test_one_account_is_still_locked_after_its_own_few_failures(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, coordinator.username, "wrong-password", SPRAYER)
    assert login(client, coordinator.username, factories.PASSWORD, SPRAYER).status_code == 429
    assert login(client, coordinator.username, factories.PASSWORD, ELSEWHERE).status_code == 302


def test_logging_in_to_ones_own_account_does_not_clear_the_address(client, coordinator):
    spray(client, settings.AXES_ADDRESS_FAILURE_LIMIT - 1)
    assert login(client, coordinator.username, factories.PASSWORD, SPRAYER).status_code == 302
    client.logout()
    spray(client, 1)
    assert login(client, coordinator.username, factories.PASSWORD, SPRAYER).status_code == 429


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Too many wrong passwords"), ("es", "Demasiadas contraseñas incorrectas")],
)
def test_the_token_endpoint_answers_a_lockout_with_429(client, coordinator, language, words):
    spray(client, settings.AXES_ADDRESS_FAILURE_LIMIT)
    response = token(coordinator.username, factories.PASSWORD, SPRAYER, language)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert words in response.json()["detail"]
    assert token(coordinator.username, factories.PASSWORD, ELSEWHERE).status_code == 200


def test_spraying_through_the_token_endpoint_locks_it_too(db, coordinator):
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        assert token(f"staff-{n:02d}", "Summer2026!", SPRAYER).status_code in (400, 429)
    assert token(coordinator.username, factories.PASSWORD, SPRAYER).status_code == 429


def test_a_wrong_password_at_the_token_endpoint_is_still_a_400(db, coordinator):
    response = token(coordinator.username, "wrong-password", SPRAYER)
    assert response.status_code == 400
