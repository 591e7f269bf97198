"""A job says how the workers get there: the employer drives them (a pickup point and a
time) or they meet somewhere (the job address if nothing is said). The desk form, the
portal and the API take it; the slip and the SMS offer show it, and the offer stays one
segment."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from dispatch.services import morning, offers
from employers.errors import DispatchError
from employers.models import Job
from employers.services import job_create
from sms import catalog, segments
from sms.models import Message
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(center):
    return factories.EmployerFactory(center=center, name="Linda Park")


def post(center, employer, **fields):
    values = {
        "description": "Yard cleanup",
        "workers_needed": 1,
        "date": center.today() + timedelta(days=1),
        "start_time": time(8, 0),
        "estimated_hours": 4,
        "hourly_wage": center.wage_floor,
        "address": "12 Holt Ave, Pomona",
    }
    return job_create(center=center, employer=employer, by=None, source="desk", **(values | fields))


def test_a_ride_needs_a_pickup_point_and_a_time_at_or_before_the_start(center, employer):
    with pytest.raises(DispatchError) as refused:
        post(center, employer, transport_provided=True, pickup_time=time(7, 30))
    assert refused.value.field == "pickup_place"
    with pytest.raises(DispatchError) as refused:
        post(center, employer, transport_provided=True, pickup_place="Center door")
    assert refused.value.field == "pickup_time"
    with pytest.raises(DispatchError) as refused:
        post(center, employer, transport_provided=True, pickup_place="Door", pickup_time=time(9, 0))
    assert refused.value.code == "pickup_after_start"
    assert not Job.objects.exists()
    job = post(
        center,
        employer,
        transport_provided=True,
        pickup_place="Center door",
        pickup_time=time(7, 30),
        meeting_place="ignored when driven",
    )
    assert (job.pickup_place, job.pickup_time, job.meeting_place) == (
        "Center door",
        time(7, 30),
        "",
    )


def test_going_on_their_own_keeps_the_meeting_point_and_no_pickup(center, employer):
    job = post(center, employer, meeting_place="Corner of Holt and Garey", pickup_place="x")
    assert (job.meeting_place, job.pickup_place, job.pickup_time) == (
        "Corner of Holt and Garey",
        "",
        None,
    )


def test_the_desk_form_takes_the_pickup_and_shows_errors_in_spanish(
    client, center, employer, coordinator
):
    coordinator.language = "es"
    coordinator.save()
    client.force_login(coordinator)
    data = {
        "employer": employer.pk, "source": "desk", "description": "Mudanza",
        "date": (center.today() + timedelta(days=1)).isoformat(), "start_time": "08:00",
        "estimated_hours": "4", "hourly_wage": "25", "workers_needed": "1",
        "address": "9 Garey Ave, Pomona", "transport_provided": "on",
    }  # fmt: skip
    response = client.post("/jobs/new/", data)
    assert response.status_code == 400
    assert "Diga dónde recoge el empleador" in response.content.decode()
    assert not Job.objects.exists()
    response = client.post(
        "/jobs/new/", data | {"pickup_place": "Home Depot", "pickup_time": "07:15"}
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.pickup_place, job.pickup_time) == ("Home Depot", time(7, 15))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "El empleador recoge a los trabajadores en Home Depot" in page


def test_the_api_takes_and_serves_the_transport(api, center, employer):
    body = {
        "employer": employer.pk, "description": "Move a piano", "workers_needed": 1,
        "hourly_wage": "24.50", "date": (center.today() + timedelta(days=1)).isoformat(),
        "start_time": "08:00", "estimated_hours": "3.5", "address": "9 Garey Ave",
        "transport_provided": True, "pickup_place": "Center door", "pickup_time": "07:30",
    }  # fmt: skip
    response = api.post("/api/v1/jobs/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["pickup_place"] == "Center door"
    assert response.json()["pickup_time"] == "07:30:00"
    refused = api.post("/api/v1/jobs/", body | {"pickup_time": "09:00"}, format="json")
    assert refused.status_code == 400
    assert Job.objects.count() == 1


def test_the_offer_says_when_and_where_the_ride_leaves_in_one_segment(center, employer, at):
    skill = factories.SkillFactory(code="moving", name_en="Moving", name_es="Mudanzas")
    worker = factories.WorkerFactory(center=center, preferred_language="es", skills=[skill])
    morning.signin_create(center=center, badge=worker.badge, now=at("06:10"))
    morning.lottery_draw(center=center, now=at("07:30"))
    job = factories.JobFactory(
        center=center,
        employer=employer,
        start_time=time(9, 0),
        date=center.today(),
        transport_provided=True,
        pickup_place="Home Depot Holt",
        pickup_time=time(8, 30),
        skills=[skill],
    )
    offers.offers_send(job=job, now=at("08:00"))
    offer = Message.objects.get(kind="offer")
    assert "Te recogen 8:30am en Home Depot Holt." in offer.body
    assert segments.count(offer.body).segments == 1
    (sent,) = job.offers.all()
    offers.offer_accept(offer=sent, now=at("08:02"))
    details = Message.objects.get(kind="assignment_details").body
    assert "Te recogen 8:30am en Home Depot Holt." in details


def test_the_slip_shows_the_pickup_and_the_meeting_point(client, center, employer, coordinator):
    client.force_login(coordinator)
    job = factories.JobFactory(
        center=center,
        employer=employer,
        start_time=factories.LATER_TODAY,
        meeting_place="Blue door",
    )
    worker = factories.WorkerFactory(center=center)
    assignment = morning.assignment_create(job=job, worker=worker, how="walk_in")
    page = client.get(f"/desk/slip/{assignment.pk}/").content.decode()
    assert "Por su cuenta; cita en Blue door" in page  # the worker's copy, in Spanish


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_long_ride_in_an_offer_is_cut_at_a_word_and_the_offer_stays_one_segment(language):
    ride = catalog.WORST_CASE["ride"]
    whole = segments.gsm_fold(ride.es if language == "es" else ride.en)
    worst = catalog.render("offer", catalog.worst_case("offer") | {"note": ride}, language)
    assert segments.count(worst).segments == 1
    context = catalog.worst_case("offer") | {"what": "Pintura", "place": "Pomona", "note": ride}
    body = catalog.render("offer", context, language)
    assert segments.count(body).segments == 1
    start = whole.split()[0]
    shown = body[body.index(start) :].split(" Respond" if language == "es" else " Reply")[0]
    assert whole.startswith(shown)
    assert len(shown) < len(whole)  # it did not all fit
    assert whole[len(shown)] == " "  # cut between two words
