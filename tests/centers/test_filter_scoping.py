"""Filters that take an id (``?worker=``, ``?job=``, ...) give away nothing about another
center: its id is answered exactly like an id that does not exist."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories

NOWHERE = 987654321

#: (endpoint, filter, the kind of object the filter takes)
FILTERS = [
    ("/api/v1/jobs/", "employer", "employer"),
    ("/api/v1/assignments/", "job", "job"),
    ("/api/v1/assignments/", "worker", "worker"),
    ("/api/v1/offers/", "job", "job"),
    ("/api/v1/claims/", "worker", "worker"),
    ("/api/v1/claims/", "employer", "employer"),
    ("/api/v1/claims/", "job", "job"),
    ("/api/v1/claims/", "assignment", "assignment"),
]


@pytest.fixture
def elsewhere(other_center):
    """One object of each kind in another center."""
    assignment = factories.AssignmentFactory(job__center=other_center)
    return {
        "assignment": assignment,
        "job": assignment.job,
        "worker": assignment.worker,
        "employer": assignment.job.employer,
    }


@pytest.fixture
def here(center):
    assignment = factories.AssignmentFactory(job__center=center)
    factories.WageClaimFactory(
        center=center, worker=assignment.worker, employer=assignment.job.employer
    )
    return {
        "assignment": assignment,
        "job": assignment.job,
        "worker": assignment.worker,
        "employer": assignment.job.employer,
    }


@pytest.mark.parametrize(("url", "name", "kind"), FILTERS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_another_centers_id_is_answered_like_a_missing_id(
    api, elsewhere, url, name, kind, language
):
    theirs = api.get(url, {name: elsewhere[kind].pk}, HTTP_ACCEPT_LANGUAGE=language)
    missing = api.get(url, {name: NOWHERE}, HTTP_ACCEPT_LANGUAGE=language)
    assert theirs.status_code == missing.status_code == 400
    body = theirs.json()
    assert body == {
        **missing.json(),
        "detail": missing.json()["detail"].replace(str(NOWHERE), str(elsewhere[kind].pk)),
        "errors": {
            name: [
                m.replace(str(NOWHERE), str(elsewhere[kind].pk))
                for m in missing.json()["errors"][name]
            ]
        },
    }
    valid_choice = {"en": "Select a valid choice", "es": "Escoja una opción válida"}[language]
    assert valid_choice in body["detail"]


@pytest.mark.parametrize(("url", "name", "kind"), FILTERS)
def test_an_id_of_ones_own_center_still_filters(api, here, url, name, kind):
    response = api.get(url, {name: here[kind].pk})
    assert response.status_code == 200


def test_the_other_centers_staff_filter_by_their_own_ids(other_coordinator, elsewhere, here):
    api = APIClient()
    api.force_authenticate(other_coordinator)
    assert api.get("/api/v1/assignments/", {"worker": elsewhere["worker"].pk}).json()["count"] == 1
    assert api.get("/api/v1/assignments/", {"worker": here["worker"].pk}).status_code == 400
