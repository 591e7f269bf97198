"""Display links: the lobby screen without a desk login, managed by the center admin."""

from __future__ import annotations

import hashlib
import re
from datetime import time

import pytest
from django.test import Client

from centers.models import DisplayLink
from centers.services import display_link_create, display_link_revoke
from dispatch.services import morning
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def open_all_day(center):
    center.signin_opens = time(0, 0)
    center.lottery_cutoff = time(23, 59)
    center.save()


@pytest.fixture
def admin_client(client, center_admin):
    client.force_login(center_admin)
    return client


@pytest.fixture
def link(center, center_admin):
    return display_link_create(center=center, label="Screen by the door", by=center_admin)


def _queue(center, names=("Chuy", "Lupe")):
    for name in names:
        worker = factories.WorkerFactory(center=center, known_as=name, full_name=f"{name} Ruiz")
        morning.signin_create(center=center, badge=worker.badge)


@pytest.mark.parametrize(
    ("language", "heading", "once"),
    [
        ("en", "Waiting-room screen links", "it is shown only this once"),
        ("es", "Enlaces de la pantalla de la sala de espera", "solo se muestra esta vez"),
    ],
)
def test_a_center_admin_makes_a_link_and_sees_its_url_once(
    admin_client, center, language, heading, once
):
    page = admin_client.get("/center/display-links/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert heading in page.content.decode()
    made = admin_client.post(
        "/center/display-links/", {"label": "Lobby TV"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert made.status_code == 201
    html = made.content.decode()
    assert once in html
    url = re.search(r'id="new-link-url" readonly value="([^"]+)"', html).group(1)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert url == f"http://testserver/display/{center.slug}/{token}/"
    stored = DisplayLink.objects.get()
    assert stored.label == "Lobby TV"
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(DisplayLink.objects.values().get())
    # Shown once: the list afterwards names the link, never its token.
    again = admin_client.get("/center/display-links/").content.decode()
    assert "Lobby TV" in again
    assert token not in again


def test_a_link_needs_a_label(admin_client):
    refused = admin_client.post("/center/display-links/", {"label": " "})
    assert refused.status_code == 400
    assert not DisplayLink.objects.exists()


def test_the_link_shows_the_waiting_room_without_a_login_or_a_session(center, link):
    _queue(center)
    anonymous = Client()
    link_obj, token = link
    page = anonymous.get(f"/display/{center.slug}/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chuy" in html
    assert "Lupe" in html
    assert "Ruiz" not in html  # known-as names only
    draw = morning.draw_get_or_create(center=center, day=center.today())
    assert draw.commitment in html
    assert draw.seed not in html
    assert not page.cookies  # no session, no CSRF cookie: nothing to steal or reuse
    live = anonymous.get(f"/display/{center.slug}/{token}/live/")
    assert live.status_code == 200
    assert "Chuy" in live.content.decode()
    assert not live.cookies
    assert "sessionid" not in anonymous.cookies
    link_obj.refresh_from_db()
    assert link_obj.last_used_at is not None


def test_nothing_of_the_desk_is_reachable_with_a_link(center, link):
    _queue(center)
    _link, token = link
    anonymous = Client()
    html = anonymous.get(f"/display/{center.slug}/{token}/").content.decode()
    assert "<form" not in html
    assert "/desk/" not in html
    assert "/workers/" not in html
    for url in ("/desk/", "/desk/live/", f"/display/{center.slug}/", "/workers/", "/jobs/"):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert anonymous.post("/desk/signin/", {"q": "1000"}).status_code in (302, 403)
    assert anonymous.get("/api/v1/signins/").status_code in (401, 403)
    assert anonymous.get(f"/display/{center.slug}/{token}/", {"center": center.slug}).cookies == {}


def test_a_revoked_wrong_or_other_centers_token_is_a_404(center, other_center, link, center_admin):
    link_obj, token = link
    anonymous = Client()
    assert anonymous.get(f"/display/{center.slug}/{token[:-1]}x/").status_code == 404
    assert anonymous.get(f"/display/{other_center.slug}/{token}/").status_code == 404
    assert anonymous.get(f"/display/{other_center.slug}/{token}/live/").status_code == 404
    display_link_revoke(link=link_obj, by=center_admin)
    assert anonymous.get(f"/display/{center.slug}/{token}/").status_code == 404
    assert anonymous.get(f"/display/{center.slug}/{token}/live/").status_code == 404


def test_the_staff_display_still_works_for_a_coordinator(desk_client, center):
    _queue(center)
    page = desk_client.get(f"/display/{center.slug}/")
    assert page.status_code == 200
    assert "Chuy" in page.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_revoking_from_the_page_blanks_the_screen_and_both_steps_are_audited(
    admin_client, center, center_admin, link, language
):
    link_obj, token = link
    response = admin_client.post(
        f"/center/display-links/{link_obj.pk}/revoke/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 302
    link_obj.refresh_from_db()
    assert link_obj.revoked_at is not None
    assert Client().get(f"/display/{center.slug}/{token}/").status_code == 404
    audit = admin_client.get(
        f"/audit/?kind=display_link&id={link_obj.pk}", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    label = {"en": "Display link", "es": "Enlace de pantalla"}[language]
    assert audit.count(f"{label} #{link_obj.pk}") == 2  # created, then revoked
    assert audit.count(center_admin.username) >= 2
    revoked = {"en": "revoked at", "es": "revocado el"}[language]
    assert revoked in audit


def test_coordinators_and_board_members_cannot_manage_links(
    client, center, coordinator, board_member, link
):
    link_obj, _token = link
    for user in (coordinator, board_member):
        client.force_login(user)
        assert client.get("/center/display-links/").status_code == 403
        assert client.post("/center/display-links/", {"label": "Mine"}).status_code == 403
        assert client.post(f"/center/display-links/{link_obj.pk}/revoke/").status_code == 403
    assert DisplayLink.objects.count() == 1
    assert DisplayLink.objects.get().revoked_at is None


def test_another_centers_staff_cannot_see_or_revoke_a_link(
    client, center, other_center, other_coordinator, link
):
    link_obj, _token = link
    client.force_login(other_coordinator)
    assert client.get("/center/display-links/").status_code == 403
    assert client.post(f"/center/display-links/{link_obj.pk}/revoke/").status_code == 403
    other_admin = factories.StaffFactory(center=other_center, role="center_admin").user
    client.force_login(other_admin)
    page = client.get("/center/display-links/", {"center": center.slug}).content.decode()
    assert "Screen by the door" not in page
    assert client.post(f"/center/display-links/{link_obj.pk}/revoke/").status_code == 404
    link_obj.refresh_from_db()
    assert link_obj.revoked_at is None


def test_the_settings_link_shows_in_the_nav_of_center_admins_only(
    client, center_admin, coordinator
):
    client.force_login(center_admin)
    assert 'id="nav-settings"' in client.get("/").content.decode()
    client.force_login(coordinator)
    assert 'id="nav-settings"' not in client.get("/").content.decode()


def test_network_admins_see_links_in_the_admin_but_make_them_only_on_the_page(client, link):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get("/admin/centers/displaylink/")
    assert listing.status_code == 200
    assert "Screen by the door" in listing.content.decode()
    assert client.get("/admin/centers/displaylink/add/").status_code == 403
    link_obj, token = link
    change = client.get(f"/admin/centers/displaylink/{link_obj.pk}/change/").content.decode()
    assert link_obj.token_hash not in change
    assert token not in change
