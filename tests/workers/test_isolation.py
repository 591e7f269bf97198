"""Another center's workers are invisible: every page and API endpoint answers 404 or leaves
them out, and nothing of theirs changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_center):
    return factories.WorkerFactory(
        center=other_center,
        badge=1,
        full_name="José Núñez",
        known_as="Pepe",
        search_text="1 jose nunez",
    )


@pytest.fixture
def mine(center):
    return factories.WorkerFactory(
        center=center, badge=1, full_name="Mío Propio", known_as="Mío", search_text="1 mio propio"
    )


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "worker-detail"),
        ("get", "worker-edit"),
        ("post", "worker-edit"),
        ("get", "worker-card"),
        ("post", "worker-export"),
        ("get", "worker-erase"),
        ("post", "worker-erase"),
    ],
)
def test_pages_of_another_centers_worker_are_404(client, center_admin, theirs, method, name):
    client.force_login(center_admin)
    response = getattr(client, method)(
        reverse(name, args=[theirs.pk]), {"full_name": "x", "confirm_badge": "1"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.full_name == "José Núñez"
    assert theirs.erased_at is None


@pytest.mark.parametrize(
    "query", [{}, {"q": "nunez"}, {"q": "1"}, {"status": "active"}, {"skill": "painting"}]
)
def test_the_worker_list_and_its_filters_show_only_this_center(desk_client, mine, theirs, query):
    page = desk_client.get(reverse("worker-list"), query).content.decode()
    assert "José Núñez" not in page


def test_a_card_sheet_shows_only_this_centers_badges(desk_client, mine, theirs):
    page = desk_client.get(reverse("worker-cards"), {"badge": [1]}).content.decode()
    assert page.count('data-badge="1"') == 1
    assert mine.known_as in page
    assert theirs.known_as not in page


@pytest.mark.parametrize(
    ("method", "data"),
    [("get", None), ("put", {"full_name": "x"}), ("patch", {"full_name": "x"}), ("delete", None)],
)
def test_api_detail_update_and_delete_of_another_centers_worker_are_404(api, theirs, method, data):
    response = getattr(api, method)(f"/api/v1/workers/{theirs.pk}/", data, format="json")
    assert response.status_code == 404
    assert Worker.objects.get(pk=theirs.pk).full_name == "José Núñez"


@pytest.mark.parametrize(
    "query", ["", "search=nunez", "badge=1", "status=active", "skill=painting", "search=1"]
)
def test_the_worker_api_list_and_filters_show_only_this_center(api, mine, theirs, query):
    ids = [w["id"] for w in api.get(f"/api/v1/workers/?{query}").json()["results"]]
    assert theirs.pk not in ids


def test_the_center_query_parameter_cannot_reach_another_center(api, theirs):
    response = api.get(f"/api/v1/workers/?center={theirs.center.slug}")
    assert theirs.pk not in [w["id"] for w in response.json()["results"]]
