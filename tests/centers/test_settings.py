"""The center admin's settings page: round-trips unchanged, validates, audits, and only
the center's admins (and network admins) may use it."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from centers.models import Center

pytestmark = pytest.mark.django_db

FIELDS = (
    "wage_floor",
    "signin_opens",
    "lottery_cutoff",
    "lottery_mode",
    "offer_timeout_minutes",
    "one_job_per_day",
    "decline_policy",
)


class _FormValues(HTMLParser):
    """What a browser would send back for the settings form, as it was rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self._in_form = a.get("id") == "center-settings"
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("name") != "csrfmiddlewaretoken":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form":
            self._in_form = False


def _form_values(html: str) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(html)
    return parser.values


@pytest.fixture
def admin_client(client, center_admin):
    client.force_login(center_admin)
    return client


def _settings(center) -> dict:
    center.refresh_from_db()
    return {name: getattr(center, name) for name in FIELDS}


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Center settings"), ("es", "Ajustes del centro")]
)
def test_the_settings_page_round_trips_unchanged(admin_client, center, language, title):
    center.signin_opens = time(5, 45)
    center.lottery_mode = Center.LotteryMode.DEFICIT
    center.one_job_per_day = False
    center.save()
    before, history = _settings(center), center.history.count()
    page = admin_client.get("/center/settings/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    html = page.content.decode()
    assert title in html
    values = _form_values(html)
    assert values["signin_opens"] == "05:45"
    assert values["lottery_cutoff"] == "07:30"
    assert values["wage_floor"] == "20.00"
    assert values["lottery_mode"] == "deficit"
    assert "one_job_per_day" not in values
    saved = admin_client.post("/center/settings/", values, HTTP_ACCEPT_LANGUAGE=language)
    assert saved.status_code == 302
    assert _settings(center) == before
    assert center.history.count() == history
    again = _form_values(admin_client.get("/center/settings/").content.decode())
    assert again == values


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_change_is_saved_and_shows_old_and_new_on_the_audit_page(
    admin_client, center, center_admin, language
):
    values = _form_values(admin_client.get("/center/settings/").content.decode())
    values |= {"wage_floor": "22.50", "lottery_cutoff": "08:15", "one_job_per_day": ""}
    values.pop("one_job_per_day")
    response = admin_client.post("/center/settings/", values, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    center.refresh_from_db()
    assert center.wage_floor == Decimal("22.50")
    assert center.lottery_cutoff == time(8, 15)
    assert center.one_job_per_day is False
    latest = center.history.first()
    assert latest.history_user == center_admin
    audit = admin_client.get(
        f"/audit/?kind=center&id={center.pk}", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert center_admin.username in audit
    assert "20.00 → 22.50" in audit
    floor_label = {"en": "wage floor (per hour)", "es": "salario mínimo (por hora)"}[language]
    assert floor_label in audit


@pytest.mark.parametrize(
    ("change", "field", "english", "spanish"),
    [
        (
            {"lottery_cutoff": "05:30"},
            "lottery_cutoff",
            "The lottery cutoff must be after sign-in opens (06:00).",
            "El corte del sorteo debe ser después de la apertura del registro (06:00).",
        ),
        (
            {"lottery_cutoff": "06:00"},
            "lottery_cutoff",
            "The lottery cutoff must be after sign-in opens (06:00).",
            "El corte del sorteo debe ser después de la apertura del registro (06:00).",
        ),
        (
            {"wage_floor": "0"},
            "wage_floor",
            "The wage floor must be more than $0 and at most $200.00 an hour.",
            "El salario mínimo debe ser más de $0 y como mucho $200.00 por hora.",
        ),
        (
            {"wage_floor": "2000"},
            "wage_floor",
            "The wage floor must be more than $0 and at most $200.00 an hour.",
            "El salario mínimo debe ser más de $0 y como mucho $200.00 por hora.",
        ),
        (
            {"offer_timeout_minutes": "0"},
            "offer_timeout_minutes",
            "Give between 2 and 120 minutes to answer an offer.",
            "Da entre 2 y 120 minutos para responder a una oferta.",
        ),
        (
            {"offer_timeout_minutes": "600"},
            "offer_timeout_minutes",
            "Give between 2 and 120 minutes to answer an offer.",
            "Da entre 2 y 120 minutos para responder a una oferta.",
        ),
        (
            {"signin_opens": "6 am"},
            "signin_opens",
            "Enter a valid time.",
            "Introduzca una hora válida.",
        ),
        (
            {"lottery_mode": "fastest"},
            "lottery_mode",
            "Select a valid choice.",
            "Escoja una opción válida.",
        ),
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_bad_settings_are_refused_in_the_users_language_and_nothing_changes(
    admin_client, center, change, field, english, spanish, language
):
    before, history = _settings(center), center.history.count()
    values = _form_values(admin_client.get("/center/settings/").content.decode()) | change
    response = admin_client.post("/center/settings/", values, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    html = response.content.decode()
    message = english if language == "en" else spanish
    assert message.replace("'", "&#x27;") in html
    assert _settings(center) == before
    assert center.history.count() == history
    # The form comes back with what the admin typed.
    if field != "lottery_mode":
        assert _form_values(html)[field] == change[field]


def test_coordinators_board_members_and_strangers_cannot_open_or_save_settings(
    client, center, coordinator, board_member
):
    before = _settings(center)
    assert client.get("/center/settings/").status_code == 302  # to the login
    for user in (coordinator, board_member):
        client.force_login(user)
        assert client.get("/center/settings/").status_code == 403
        assert client.post("/center/settings/", {"wage_floor": "30"}).status_code == 403
    assert _settings(center) == before


def test_a_network_admin_may_change_a_centers_settings(client, center):
    from tests import factories

    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    values = _form_values(client.get("/center/settings/", {"center": center.slug}).content.decode())
    values["offer_timeout_minutes"] = "15"
    assert client.post(f"/center/settings/?center={center.slug}", values).status_code == 302
    center.refresh_from_db()
    assert center.offer_timeout_minutes == 15


def test_another_centers_admin_changes_only_their_own_center(client, center, other_center):
    from tests import factories

    other_admin = factories.StaffFactory(center=other_center, role="center_admin").user
    client.force_login(other_admin)
    before = _settings(center)
    values = _form_values(client.get("/center/settings/", {"center": center.slug}).content.decode())
    values["wage_floor"] = "31.00"
    client.post(f"/center/settings/?center={center.slug}", values)
    assert _settings(center) == before
    other_center.refresh_from_db()
    assert other_center.wage_floor == Decimal("31.00")


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Orientation required before a worker"), ("es", "Orientación obligatoria antes")],
)
def test_the_center_can_require_orientation_before_a_first_job(
    admin_client, center, language, label
):
    center.orientation_required = True
    center.save()
    page = admin_client.get("/center/settings/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in page
    values = _form_values(page)
    assert values["orientation_required"] == "on"
    del values["orientation_required"]
    saved = admin_client.post("/center/settings/", values, HTTP_ACCEPT_LANGUAGE=language)
    assert saved.status_code == 302
    center.refresh_from_db()
    assert center.orientation_required is False
    assert center.history.first().orientation_required is False
