"""A card knows its center: every place a badge is read refuses another center's card and a
mistyped code, and takes a short badge (or an old card holding it) at the worker's own center."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import translation

from centers.errors import ApplicationError
from dispatch.models import Assignment, SignIn
from dispatch.services import morning
from employers import services as jobs
from employers.models import Job
from tests import factories
from wages.models import WageClaim
from workers import cardcode
from workers.cards import worker_card_code
from workers.errors import BadgeError
from workers.selectors import badge_read

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
REFUSED = {"en": "This card belongs to Graton.", "es": "Esta tarjeta es de Graton."}
MISTYPED = {
    "en": "The code is mistyped — scan again or type the badge number.",
    "es": "El código está mal escrito: escanee de nuevo o escriba el número de tarjeta.",
}


@pytest.fixture(autouse=True)
def open_all_day(center, other_center):
    for place in (center, other_center):
        place.signin_opens = time(0, 0)
        place.lottery_cutoff = time(23, 59)
        place.save()


@pytest.fixture
def twins(center, other_center):
    """Pomona's #15 and Graton's #15: the same short number at two centers."""
    ours = factories.WorkerFactory(center=center, badge=15, known_as="Chuy")
    theirs = factories.WorkerFactory(center=other_center, badge=15, known_as="Beto")
    return ours, theirs


def _mistype(code: str) -> str:
    return code[:3] + str((int(code[3]) + 1) % 10) + code[4:]


# --- the one reader --------------------------------------------------------------------


def test_the_reader_takes_our_card_a_short_number_and_an_old_card(center, twins):
    ours, _theirs = twins
    assert badge_read(center=center, text=worker_card_code(ours)) == 15
    assert badge_read(center=center, text="15") == 15
    assert badge_read(center=center, text=15) == 15


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reader_refuses_another_centers_card_by_its_name(center, twins, language):
    _ours, theirs = twins
    with translation.override(language), pytest.raises(BadgeError) as error:
        badge_read(center=center, text=worker_card_code(theirs))
    assert str(error.value) == REFUSED[language]
    assert error.value.code == "other_center"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reader_catches_a_mistyped_code(center, twins, language):
    ours, _theirs = twins
    with translation.override(language), pytest.raises(BadgeError) as error:
        badge_read(center=center, text=_mistype(worker_card_code(ours)))
    assert str(error.value) == MISTYPED[language]
    assert error.value.code == "badge_mistyped"


def test_a_code_of_no_center_in_the_network_is_refused(center):
    with pytest.raises(BadgeError, match="not from any center"):
        badge_read(center=center, text=cardcode.card_code(9999, 15))


# --- sign-in (service) -------------------------------------------------------------------


def test_graton_card_scanned_at_pomona_signs_in_nobody(center, twins):
    _ours, theirs = twins
    with pytest.raises(ApplicationError, match="This card belongs to Graton"):
        morning.signin_create(center=center, badge=worker_card_code(theirs))
    assert not SignIn.objects.exists()


def test_our_card_and_our_old_card_sign_in_our_worker(center, other_center, twins):
    ours, theirs = twins
    signin = morning.signin_create(center=center, badge=worker_card_code(ours))
    assert signin.worker == ours
    old = morning.signin_create(center=other_center, badge="15")  # a card printed before codes
    assert old.worker == theirs


# --- sign-in (API) -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_signin_api_refuses_another_centers_card_in_the_callers_language(api, twins, language):
    _ours, theirs = twins
    response = api.post(
        "/api/v1/signins/",
        {"badge": worker_card_code(theirs)},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json()["detail"] == REFUSED[language]
    assert response.json()["code"] == "other_center"
    assert not SignIn.objects.exists()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_signin_api_catches_a_mistyped_code(api, twins, language):
    ours, _theirs = twins
    response = api.post(
        "/api/v1/signins/",
        {"badge": _mistype(worker_card_code(ours))},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json()["detail"] == MISTYPED[language]
    assert not SignIn.objects.exists()


def test_the_signin_api_takes_a_code_as_text_and_a_badge_as_a_number(api, center, twins):
    ours, _theirs = twins
    response = api.post("/api/v1/signins/", {"badge": worker_card_code(ours)}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["badge"] == 15
    other = factories.WorkerFactory(center=center, badge=16)
    response = api.post("/api/v1/signins/", {"badge": 16}, format="json")
    assert response.status_code == 201, response.content
    assert SignIn.objects.filter(worker=other).exists()


def test_the_signin_api_refuses_what_is_no_badge(api):
    response = api.post("/api/v1/signins/", {"badge": True}, format="json")
    assert response.status_code == 400
    response = api.post("/api/v1/signins/", {"badge": "Chuy"}, format="json")
    assert response.status_code == 400
    assert "is not a badge number" in response.json()["detail"]


# --- the desk's scan box and assign-by-badge -------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_desk_scan_box_refuses_another_centers_card(desk_client, twins, language):
    _ours, theirs = twins
    page = desk_client.post(
        "/desk/signin/", {"q": worker_card_code(theirs)}, HTTP_ACCEPT_LANGUAGE=language, **HTMX
    ).content.decode()
    assert REFUSED[language] in page
    assert not SignIn.objects.exists()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_desk_scan_box_catches_a_mistyped_code(desk_client, twins, language):
    ours, _theirs = twins
    page = desk_client.post(
        "/desk/signin/",
        {"q": _mistype(worker_card_code(ours))},
        HTTP_ACCEPT_LANGUAGE=language,
        **HTMX,
    ).content.decode()
    assert MISTYPED[language] in page
    assert not SignIn.objects.exists()


def test_the_desk_scan_box_signs_in_our_card_and_a_typed_number(desk_client, center, twins):
    ours, _theirs = twins
    page = desk_client.post("/desk/signin/", {"q": worker_card_code(ours)}, **HTMX)
    assert f"{ours.desk_name} is signed in." in page.content.decode()
    other = factories.WorkerFactory(center=center, badge=16, known_as="Lupe")
    page = desk_client.post("/desk/signin/", {"q": "16"}, **HTMX)
    assert f"{other.desk_name} is signed in." in page.content.decode()
    assert set(SignIn.objects.values_list("worker", flat=True)) == {ours.pk, other.pk}


@pytest.mark.parametrize("language", ["en", "es"])
def test_assign_by_badge_refuses_another_centers_card(desk_client, center, twins, language):
    ours, theirs = twins
    morning.signin_create(center=center, badge="15")
    job = factories.JobFactory(center=center)
    page = desk_client.post(
        f"/desk/jobs/{job.pk}/dispatch/",
        {"badge": worker_card_code(theirs)},
        HTTP_ACCEPT_LANGUAGE=language,
        **HTMX,
    ).content.decode()
    assert REFUSED[language] in page
    assert not Assignment.objects.exists()
    ok = desk_client.post(
        f"/desk/jobs/{job.pk}/dispatch/", {"badge": worker_card_code(ours)}, **HTMX
    )
    assert Assignment.objects.get().worker == ours, ok.content.decode()


def test_the_dispatch_api_reads_the_badge_with_the_same_reader(api, center, twins):
    ours, theirs = twins
    morning.signin_create(center=center, badge="15")
    job = factories.JobFactory(center=center)
    url = f"/api/v1/jobs/{job.pk}/dispatch/"
    refused = api.post(url, {"badge": worker_card_code(theirs)}, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"] == REFUSED["en"]
    response = api.post(url, {"badge": worker_card_code(ours)}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assigned"][0]["badge"] == 15


# --- requested workers on a job ------------------------------------------------------------


def test_a_job_takes_requested_workers_by_card_and_refuses_another_centers(
    center, coordinator, twins
):
    ours, theirs = twins
    employer = factories.EmployerFactory(center=center)
    fields = {
        "employer": employer,
        "description": "Move a sofa",
        "workers_needed": 1,
        "hourly_wage": "25.00",
        "date": center.today() + timedelta(days=1),  # a start never in the past
        "start_time": time(8, 0),
        "estimated_hours": "3",
        "address": "1 Main St",
    }
    with pytest.raises(ApplicationError, match="This card belongs to Graton") as error:
        jobs.job_create(
            center=center,
            by=coordinator,
            source=Job.Source.DESK,
            requested_badges=[worker_card_code(theirs)],
            **fields,
        )
    assert error.value.field == "requested_badges"
    assert not Job.objects.exists()
    job = jobs.job_create(
        center=center,
        by=coordinator,
        source=Job.Source.DESK,
        requested_badges=[worker_card_code(ours)],
        **fields,
    )
    assert list(job.requested_workers.all()) == [ours]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_jobs_api_refuses_another_centers_card_as_a_requested_worker(
    api, center, twins, language
):
    _ours, theirs = twins
    employer = factories.EmployerFactory(center=center)
    response = api.post(
        "/api/v1/jobs/",
        {
            "employer": employer.pk,
            "description": "Move a sofa",
            "workers_needed": 1,
            "hourly_wage": "25.00",
            "date": (center.today() + timedelta(days=1)).isoformat(),
            "start_time": "08:00",
            "estimated_hours": "3",
            "address": "1 Main St",
            "requested_badges": [worker_card_code(theirs)],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["requested_badges"] == [REFUSED[language]]
    assert not Job.objects.exists()


# --- a wage claim opened by badge -----------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_claim_is_opened_by_our_card_and_refuses_another_centers(
    desk_client, center, twins, language
):
    ours, theirs = twins
    employer = factories.EmployerFactory(center=center)
    fields = {"employer": employer.pk, "amount_owed": "80.00", "work_start": str(center.today())}
    refused = desk_client.post(
        "/claims/new/",
        {"badge": worker_card_code(theirs), **fields},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert refused.status_code == 400
    assert REFUSED[language] in refused.content.decode()
    assert not WageClaim.objects.exists()
    opened = desk_client.post(
        "/claims/new/", {"badge": worker_card_code(ours), **fields}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert opened.status_code == 302
    assert WageClaim.objects.get().worker == ours
