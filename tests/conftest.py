"""Shared fixtures. Tests that need a real service carry a marker:

- ``postgres``: row locks and concurrency; runs when DATABASE_URL points at PostgreSQL.
- ``redis``: a real broker / token bucket at REDIS_URL (default redis://127.0.0.1:6379/15).
- ``browser``: Debian's Chromium driven by Playwright.
- ``gettext``: GNU gettext tools.

Without CI they are skipped with the reason shown; with CI=true a missing service fails
the run instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from datetime import datetime, time
from urllib.parse import urlparse

import pytest
from django.db import connection
from rest_framework.test import APIClient

from sms.models import Message
from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _missing(marker: str) -> str | None:
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/jornada"
    if marker == "redis" and not _reachable(REDIS_URL, 6379):
        return f"needs Redis at {REDIS_URL}"
    if marker == "browser" and not os.path.exists(CHROMIUM):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    if marker == "gettext" and not shutil.which("xgettext"):
        return "needs GNU gettext (apt-get install gettext)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("postgres", "redis", "browser", "gettext"):
        if item.get_closest_marker(marker):
            reason = _missing(marker)
            if reason and CI:
                pytest.fail(f"CI: {reason}", pytrace=False)
            if reason:
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def _english_by_default(settings) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _memory_sms(settings) -> None:
    settings.SMS_BACKEND = "memory"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SMS_RATE_PER_SECOND = 0  # the rate limit has its own tests against Redis


@pytest.fixture
def center(db):
    return factories.CenterFactory(slug="pomona", name="Pomona")


@pytest.fixture
def other_center(db):
    return factories.CenterFactory(slug="graton", name="Graton")


@pytest.fixture
def coordinator(center):
    return factories.StaffFactory(center=center, role="coordinator").user


@pytest.fixture
def center_admin(center):
    return factories.StaffFactory(center=center, role="center_admin").user


@pytest.fixture
def board_member(center):
    return factories.StaffFactory(center=center, role="board").user


@pytest.fixture
def other_coordinator(other_center):
    return factories.StaffFactory(center=other_center, role="coordinator").user


@pytest.fixture
def desk_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def api(coordinator) -> APIClient:
    api_client = APIClient()
    api_client.force_authenticate(coordinator)
    return api_client


@pytest.fixture
def api_for():
    def make(user) -> APIClient:
        api_client = APIClient()
        api_client.force_authenticate(user)
        return api_client

    return make


# --- the browser ---------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if _missing("browser"):
        pytest.fail(_missing("browser")) if CI else pytest.skip(_missing("browser"))
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # as the pages' own default timeout

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="en-US"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def login(page):
    """Log a user in through the real login form."""

    def do(username: str, password: str = factories.PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-submit")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return do


# --- the morning loop: a clock at the center, the texts it queued ---------------------


@pytest.fixture
def at(center):
    """``at("07:10")``: that local time today at the center, as an aware datetime."""

    def make(hhmm: str, day=None) -> datetime:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return center.local_datetime(day or center.today(), time(hours, minutes))

    return make


@pytest.fixture
def outbox():
    """The texts the morning loop queued (sms.services.message_queue, memory backend)."""

    def read(worker=None, kind=None) -> list[Message]:
        messages = Message.objects.filter(direction=Message.Direction.OUTBOUND).order_by("pk")
        if worker is not None:
            messages = messages.filter(worker=worker)
        if kind is not None:
            messages = messages.filter(kind=kind)
        return list(messages)

    return read
