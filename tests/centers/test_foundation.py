from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from centers.models import Center, User
from centers.scoping import current_center, user_role
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "CELERY_BROKER_URL",
            "DJANGO_ENV",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_its_secrets():
    result = _manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CELERY_BROKER_URL"):
        assert name in result.stderr


def test_production_mode_passes_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/jornada",
        ALLOWED_HOSTS="jornada.example.org",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_healthz_answers_while_the_process_is_up(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def _broker(monkeypatch, url: str) -> None:
    """Point /readyz at another broker without touching the project's Celery app."""
    from celery import Celery

    from centers import views

    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setattr(
        views, "celery_app", Celery("readyz-probe", broker=url, set_as_current=False)
    )


def test_readyz_checks_database_and_broker(client, db, monkeypatch):
    _broker(monkeypatch, "memory://")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"


def test_readyz_is_503_when_the_broker_is_unreachable(client, db, monkeypatch):
    _broker(monkeypatch, "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def _demo_counts() -> dict[str, int]:
    from django.apps import apps

    names = [
        "centers.Center", "centers.User", "centers.StaffMembership", "workers.Worker",
        "employers.Employer", "employers.Job", "dispatch.SignIn", "dispatch.Assignment",
        "wages.WageClaim", "reports.DailyStats", "workers.Sanction",
    ]  # fmt: skip
    return {name: apps.get_model(name).objects.count() for name in names}


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo")
    counts = _demo_counts()
    call_command("seed_demo")
    assert _demo_counts() == counts
    # Months of mornings behind the demo: the board report has history from the start.
    assert counts["reports.DailyStats"] > 60
    assert counts["dispatch.SignIn"] > counts["dispatch.Assignment"] > 0
    assert set(Center.objects.values_list("slug", flat=True)) == {"pomona", "graton"}
    for username in ("admin", "pomona-desk", "graton-desk", "pomona-board", "pomona-employer"):
        assert User.objects.get(username=username).check_password("jornada-demo")


def test_token_auth_gives_a_token_that_opens_the_api(db, coordinator):
    from rest_framework.test import APIClient

    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/",
        {"username": coordinator.username, "password": factories.PASSWORD},
        format="json",
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/v1/centers/")
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["results"]] == ["pomona"]


def test_api_refuses_anonymous_callers_with_a_translated_message(client, db):
    response = client.get("/api/v1/centers/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code in (401, 403)
    assert "autenticación" in response.json()["detail"].lower()


def test_a_coordinator_sees_only_their_own_center(db, center, other_center, coordinator, api_for):
    response = api_for(coordinator).get("/api/v1/centers/?center=graton")
    assert [c["slug"] for c in response.json()["results"]] == ["pomona"]


def test_center_choice_cannot_reach_a_center_without_membership(
    rf, center, other_center, coordinator
):
    request = rf.get("/", {"center": "graton"})
    request.user = coordinator
    request.session = {}
    assert current_center(request) == center
    assert user_role(coordinator, other_center) is None


def test_switching_to_a_center_without_membership_is_404(desk_client, other_center):
    response = desk_client.post(reverse("center-switch"), {"center": other_center.slug})
    assert response.status_code == 404


def test_the_language_choice_is_remembered_for_the_user(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("language-switch"), {"language": "es", "next": "/"})
    coordinator.refresh_from_db()
    assert coordinator.language == "es"
    client.cookies.clear()
    client.force_login(coordinator)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bienvenidos" in page or "Bienvenido" in page


def test_repeated_failed_logins_lock_the_username_and_address(client, coordinator):
    for _ in range(5):
        client.post(reverse("login"), {"username": coordinator.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_openapi_schema_and_docs_are_served(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower()


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_use_only_local_assets(client, coordinator, path):
    client.force_login(coordinator)
    html = client.get(path).content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_staff_pages_show_times_in_the_centers_time_zone(desk_client, center):
    from datetime import time

    from dispatch.models import LotteryDraw

    LotteryDraw.objects.create(
        center=center,
        date=center.today(),
        mode="uniform",
        commitment="c" * 64,
        seed="s" * 64,
        drawn_at=center.local_datetime(center.today(), time(7, 30)),
    )
    page = desk_client.get("/desk/").content.decode()
    assert "Drawn at 07:30" in page
