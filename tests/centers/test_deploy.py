"""What production needs from the process: health probes from inside the container, static
files that collect, and logs and error reports that hold no phone number and no name."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from django.core import mail

ROOT = Path(__file__).resolve().parents[2]
PHONE_DIGITS = ("909-555-0164", "9095550164", "5550164")
NAME = "Nicolás Gómez"
SEARCH = "/failing-search/?q=Nicol%C3%A1s%20G%C3%B3mez&phone=909-555-0164"


@pytest.fixture
def production_http(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["jornada.example.org"]


@pytest.fixture
def memory_broker(monkeypatch):
    from celery import Celery

    from centers import views

    monkeypatch.setenv("CELERY_BROKER_URL", "memory://")
    monkeypatch.setattr(
        views, "celery_app", Celery("probe", broker="memory://", set_as_current=False)
    )


@pytest.mark.parametrize("path", ["/readyz", "/healthz"])
def test_a_probe_from_inside_the_container_gets_an_answer(
    client, db, production_http, memory_broker, path
):
    response = client.get(path, HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_pages_still_refuse_an_unknown_host_and_redirect_plain_http(client, db, production_http):
    assert client.get("/accounts/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    response = client.get("/accounts/login/", HTTP_HOST="jornada.example.org")
    assert response.status_code == 301
    assert response["Location"] == "https://jornada.example.org/accounts/login/"


def test_readyz_still_says_503_to_the_probe_when_the_broker_is_down(
    client, db, production_http, monkeypatch
):
    from celery import Celery

    from centers import views

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(
        views, "celery_app", Celery("probe", broker="redis://127.0.0.1:1/0", set_as_current=False)
    )
    assert client.get("/readyz", HTTP_HOST="127.0.0.1:8000").status_code == 503


def test_every_source_map_a_static_file_names_is_there():
    """collectstatic's manifest storage fails the build on a reference to a missing file."""
    reference = re.compile(r"(?://|/\*)# sourceMappingURL=([^\s*]+)")
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in {".js", ".css"}:
            for target in reference.findall(path.read_text("utf-8", "replace")):
                if not target.startswith("data:"):
                    assert (path.parent / target).exists(), f"{path} names missing {target}"


@pytest.fixture
def log_output():
    """What the root logger's configured (masked) console handler writes."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def assert_clean(text: str) -> None:
    for digits in PHONE_DIGITS:
        assert digits not in text
    for word in ("Nicol", "Gómez", "G%C3%B3mez"):
        assert word not in text


@pytest.mark.urls("tests.centers.urls_failing")
def test_a_500_logs_the_path_and_a_masked_traceback(client, db, log_output):
    client.raise_request_exception = False
    assert client.get(SEARCH).status_code == 500
    text = log_output.getvalue()
    assert "Internal Server Error: /failing-search/" in text
    assert "ValueError: search failed near 909-•••0164" in text.replace("9095", "909-")
    assert_clean(text)


def test_a_404_logs_the_path_without_its_query(client, db, log_output):
    assert client.get("/no-such-page/?q=Nicol%C3%A1s&phone=909-555-0164").status_code == 404
    text = log_output.getvalue()
    assert "Not Found: /no-such-page/" in text
    assert_clean(text)


def test_runserver_request_lines_are_masked(log_output):
    """runserver logs each request line to "django.server" as basehttp does."""
    logging.getLogger("django.server").info(
        '"%s" %s %s',
        "GET /workers/?q=Nicol%C3%A1s%20G%C3%B3mez&phone=909-555-0164 HTTP/1.1",
        200,
        1,
    )
    text = log_output.getvalue()
    assert '"GET /workers/?q=•••&phone=••• HTTP/1.1" 200 1' in text
    assert_clean(text)


@pytest.mark.urls("tests.centers.urls_failing")
def test_the_admins_error_mail_holds_no_phone_and_no_name(client, db, settings, log_output):
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False
    assert (
        client.get(SEARCH, HTTP_REFERER="https://jornada.example.org" + SEARCH).status_code == 500
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "/failing-search/" in message.body
    assert "q = '•••'" in message.body  # the query's keys stay, for the reader
    assert_clean(message.subject + message.body)


@pytest.mark.urls("tests.centers.urls_failing")
def test_the_debug_page_masks_the_query_and_the_locals(client, db, settings, log_output):
    settings.DEBUG = True
    client.raise_request_exception = False
    response = client.get(SEARCH, HTTP_ACCEPT="text/html")
    assert response.status_code == 500
    page = response.content.decode()
    assert "failing_search" in page
    for digits in PHONE_DIGITS:
        assert digits not in page
    assert "G%C3%B3mez" not in page


def test_the_gunicorn_logger_masks_request_lines_and_referrers():
    """config/gunicorn.py: the logger the image, compose and CI run gunicorn with."""
    import importlib.util

    from gunicorn.config import Config

    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "config/gunicorn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = Config()
    config.set("accesslog", "-")
    logger = module.MaskingLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)
    logger.access_log.info(
        config.access_log_format,
        {
            "h": "127.0.0.1",
            "l": "-",
            "u": "-",
            "t": "[now]",
            "s": "200",
            "b": "12",
            "r": "GET /api/v1/signins/?search=%2B19095550164 HTTP/1.1",
            "f": "https://jornada.example.org/workers/?q=Nicol%C3%A1s",
            "a": "curl",
        },
    )
    line = stream.getvalue()
    assert '"GET /api/v1/signins/?search=••• HTTP/1.1" 200 12' in line
    assert '"https://jornada.example.org/workers/?q=•••"' in line
    assert_clean(line)

    errors = io.StringIO()
    logger.error_log.handlers[0].setStream(errors)
    logger.error("Error handling request %s", "/workers/?q=Nicol%C3%A1s&phone=909-555-0164")
    assert "Error handling request /workers/?q=•••&phone=•••" in errors.getvalue()
    assert_clean(errors.getvalue())


def test_production_marks_every_cookie_secure():
    from tests.centers.test_foundation import _manage

    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY)",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        DATABASE_URL="sqlite:////tmp/jornada-cookie-check.db",
        ALLOWED_HOSTS="jornada.example.org",
        CELERY_BROKER_URL="memory://",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["True", "True", "True", "True"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_language_cookie_follows_the_cookie_settings(client, db, settings, language):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post("/language/", {"language": language, "next": "/accounts/login/"})
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie.value == language
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
