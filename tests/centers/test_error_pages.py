"""What a person sees when something is wrong, with DEBUG off: the project's own 400, 403,
404 and 500 pages and the expired-form page, in Spanish and English."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation

from tests import factories
from tests.i18n import untranslated_on_page

pytestmark = pytest.mark.django_db

TEXTS = {
    400: {"en": "Bad request", "es": "Solicitud incorrecta"},
    403: {"en": "Not allowed", "es": "No permitido"},
    404: {"en": "Page not found", "es": "Página no encontrada"},
    500: {"en": "Something went wrong", "es": "Algo salió mal"},
    "csrf": {"en": "The form has expired", "es": "El formulario venció"},
}
DJANGO_DEFAULTS = ("<h1>Not Found</h1>", "403 Forbidden", "Server Error (500)", "Bad Request (400)")


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.centers.error_urls"


def _staff(center, role: str, language: str):
    user = factories.StaffFactory(center=center, role=role).user
    user.language = language
    user.save(update_fields=["language"])
    return user


def _check(response, status, key, language):
    assert response.status_code == status
    page = response.content.decode()
    assert TEXTS[key][language] in page
    assert f'<html lang="{language}"' in page
    assert not any(default in page for default in DJANGO_DEFAULTS)
    if language == "es":
        assert not untranslated_on_page(page)
    return page


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_unknown_address_shows_the_404_page_in_the_users_language(client, center, language):
    # The user's own language, without a cookie: no view ran for this address.
    client.force_login(_staff(center, "coordinator", language))
    page = _check(client.get("/no-such-page/"), 404, 404, language)
    assert 'href="/desk/"' in page  # the usual layout, with the user's menu


@pytest.mark.parametrize("language", ["es", "en"])
def test_another_centers_object_is_a_404_page(client, center, other_center, language):
    worker = factories.WorkerFactory(center=other_center)
    client.force_login(_staff(center, "coordinator", language))
    _check(client.get(f"/workers/{worker.pk}/"), 404, 404, language)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_page_outside_the_role_shows_the_403_page(client, center, language):
    client.force_login(_staff(center, "board", language))
    _check(client.get("/desk/"), 403, 403, language)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_form_posted_without_its_token_shows_the_expired_form_page(center, language):
    client = Client(enforce_csrf_checks=True)
    client.force_login(_staff(center, "coordinator", language))
    response = client.post("/workers/new/", {"full_name": "Rosa"})
    _check(response, 403, "csrf", language)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_bad_request_shows_the_400_page(client, language):
    client.cookies["django_language"] = language
    _check(client.get("/test-errors/400/"), 400, 400, language)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_server_error_shows_the_500_page(center, language):
    client = Client(raise_request_exception=False)
    client.force_login(_staff(center, "coordinator", language))
    client.cookies["django_language"] = language
    _check(client.get("/test-errors/500/"), 500, 500, language)


@pytest.mark.parametrize("template", ["500.html", "400.html"])
def test_the_500_and_400_pages_need_no_database_and_no_request(template, django_assert_num_queries):
    with translation.override("es"), django_assert_num_queries(0):
        page = loader.get_template(template).render()
    assert "Jornada" in page
