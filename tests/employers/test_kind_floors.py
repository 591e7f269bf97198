"""Wage floors and minimum hours per kind of work, on top of the center's floor, each with
its history by date: refused through the desk's form, the portal, the API and a direct
database write (PostgreSQL and SQLite triggers), in English and Spanish."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from centers.services import decision_record
from dispatch.errors import DispatchError
from employers.models import Job, KindFloor
from employers.selectors import job_floors
from employers.services import job_create, job_update, kind_floor_set
from tests import factories
from tests.employers.test_job_rules import fields, post_api, post_desk, post_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def roofing(db):
    return factories.SkillFactory(code="roofing", name_en="Roofing", name_es="Techos")


@pytest.fixture
def roofing_floor(center, roofing):
    return kind_floor_set(
        center=center,
        by=None,
        skill="roofing",
        starts_on=center.today(),
        wage_floor=Decimal("30.00"),
        min_hours=Decimal("4.0"),
    )


@pytest.fixture
def employer(center):
    user = factories.UserFactory(username="pomona-employer")
    return factories.EmployerFactory(center=center, name="Linda Park", portal_user=user)


def post(center, employer, **values):
    base = {
        "description": "Fix a roof",
        "date": center.today(),
        "start_time": factories.LATER_TODAY,
        "estimated_hours": Decimal("5"),
        "hourly_wage": Decimal("31"),
        "address": "1 Holt Ave",
        **values,
    }
    return job_create(center=center, employer=employer, by=None, source="desk", **base)


@pytest.mark.parametrize(
    "channel", [post_desk, post_portal, post_api], ids=["form", "portal", "api"]
)
@pytest.mark.parametrize(
    ("extra", "english", "spanish"),
    [
        ({"hourly_wage": "25"}, "for Roofing must be at least $30.00", "para Techos debe ser de al menos $30.00"),
        ({"hourly_wage": "35", "estimated_hours": "2"}, "Roofing is booked for at least 4 hours", "Techos se contrata por al menos 4 horas"),
    ],
    ids=["wage", "hours"],
)  # fmt: skip
def test_a_job_below_the_floor_of_its_kind_of_work_is_refused(
    client, coordinator, employer, roofing_floor, channel, extra, english, spanish
):
    center = employer.center
    for language, text in (("en", english), ("es", spanish)):
        status, body = channel(
            client,
            coordinator,
            employer,
            fields(center, skills=["roofing"], start_time="23:30", **extra),
            language,
        )
        assert status == 400
        assert text in body
    assert not Job.objects.exists()


def test_the_same_job_at_the_floor_of_its_kind_is_posted(center, employer, roofing_floor):
    job = post(center, employer, skills=["roofing"], hourly_wage=Decimal("30"))
    assert job.wage_floor == Decimal("30.00"), "the job keeps the floor it was held to"


def test_work_without_a_floor_of_its_own_keeps_the_centers_floor(center, employer, roofing_floor):
    factories.SkillFactory(code="cleaning")
    job = post(center, employer, skills=["cleaning"], hourly_wage=Decimal("20"))
    assert job.wage_floor == Decimal("20.00")


def test_a_floor_takes_effect_on_its_date_and_not_before(center, employer, roofing):
    starts = center.today() + timedelta(days=5)
    kind_floor_set(
        center=center, by=None, skill="roofing", starts_on=starts,
        wage_floor=Decimal("28"), min_hours=None,
    )  # fmt: skip
    before = post(center, employer, skills=["roofing"], hourly_wage=Decimal("22"),
                  date=starts - timedelta(days=1))  # fmt: skip
    assert before.wage_floor == Decimal("20.00")
    with pytest.raises(DispatchError, match="at least"):
        post(center, employer, skills=["roofing"], hourly_wage=Decimal("22"), date=starts)
    floors = job_floors(center=center, day=starts, skills=[roofing])
    assert (floors.wage, floors.wage_skill) == (Decimal("28"), roofing)


def test_an_empty_row_ends_a_kind_of_works_floor_from_its_date(center, employer, roofing):
    kind_floor_set(center=center, by=None, skill="roofing", starts_on=center.today(),
                   wage_floor=Decimal("30"), min_hours=None)  # fmt: skip
    later = center.today() + timedelta(days=3)
    kind_floor_set(center=center, by=None, skill="roofing", starts_on=later,
                   wage_floor=None, min_hours=None)  # fmt: skip
    assert job_floors(center=center, day=later, skills=[roofing]).wage == Decimal("20.00")
    assert job_floors(center=center, day=center.today(), skills=[roofing]).wage == Decimal("30")


def test_a_floor_cannot_be_set_for_a_past_date(center, roofing):
    with pytest.raises(DispatchError) as info:
        kind_floor_set(center=center, by=None, skill="roofing",
                       starts_on=center.today() - timedelta(days=1),
                       wage_floor=Decimal("30"), min_hours=None)  # fmt: skip
    assert info.value.field == "starts_on"


def test_an_edit_adding_a_kind_of_work_is_held_to_its_floor(center, employer, roofing_floor):
    job = post(center, employer, hourly_wage=Decimal("22"))
    with pytest.raises(DispatchError, match="Roofing"):
        job_update(job=job, by=None, skills=["roofing"])
    assert not job.skills.exists()


def test_the_assemblys_floor_holds_for_jobs_on_and_after_its_date(center, employer):
    effective = center.today() + timedelta(days=7)
    decision_record(
        center=center, by=None, setting="wage_floor", value="25", votes_for=20,
        votes_against=2, votes_abstain=0, assembly_date=center.today(), effective_date=effective,
    )  # fmt: skip
    assert post(center, employer, hourly_wage=Decimal("21"), date=effective - timedelta(1))
    with pytest.raises(DispatchError, match=r"floor of \$25\.00"):
        post(center, employer, hourly_wage=Decimal("21"), date=effective)


# --- a direct write to the database -------------------------------------------------------


def test_the_database_refuses_an_update_below_the_floor_of_the_kind_of_work(
    center, employer, roofing_floor
):
    job = post(center, employer, skills=["roofing"], hourly_wage=Decimal("30"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(hourly_wage=Decimal("25"), wage_floor=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(estimated_hours=Decimal("1"))
    job.refresh_from_db()
    assert (job.hourly_wage, job.estimated_hours) == (Decimal("30.00"), Decimal("5.0"))


def test_the_database_refuses_a_wage_under_the_centers_floor_whatever_the_stored_floor(
    center, employer
):
    job = post(center, employer, hourly_wage=Decimal("20"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(hourly_wage=Decimal("12"), wage_floor=Decimal("10"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(
            center=center, employer=employer, description="x", date=center.today(),
            start_time=factories.LATER_TODAY, estimated_hours=1, hourly_wage=Decimal("10"),
            wage_floor=Decimal("5"), address="x",
        )  # fmt: skip


def test_the_database_refuses_a_kind_of_work_added_by_plain_sql(center, employer, roofing_floor):
    job = post(center, employer, hourly_wage=Decimal("22"))
    table = connection.ops.quote_name(Job.skills.through._meta.db_table)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (job_id, skill_id) VALUES (%s, %s)",  # noqa: S608 (a model table name, values bound)
            [job.pk, roofing_floor.skill_id],
        )
    assert not job.skills.exists()


def test_closing_an_old_job_never_trips_over_a_floor_set_later(center, employer, roofing):
    job = post(center, employer, skills=["roofing"], hourly_wage=Decimal("22"))
    # A floor set today for today: the job was posted before it, at a lower wage.
    KindFloor.objects.create(center=center, skill=roofing, starts_on=center.today(),
                             wage_floor=Decimal("40"))  # fmt: skip
    Job.objects.filter(pk=job.pk).update(status=Job.Status.COMPLETED)
    job.refresh_from_db()
    job.description = "Fixed a roof"
    job.save()
    assert Job.objects.get(pk=job.pk).status == "completed"


def test_floors_of_one_center_never_hold_at_another(center, other_center, employer, roofing_floor):
    other_employer = factories.EmployerFactory(center=other_center)
    job = post(other_center, other_employer, skills=["roofing"], hourly_wage=Decimal("21"))
    assert job.wage_floor == Decimal("20.00")


# --- the page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "saved"), [("en", "Floor saved."), ("es", "Mínimo guardado.")]
)
def test_a_center_admin_sets_a_floor_for_a_kind_of_work(client, center, center_admin, roofing,
                                                        language, saved):  # fmt: skip
    client.force_login(center_admin)
    client.cookies["django_language"] = language
    assert client.get("/floors/").status_code == 200
    response = client.post(
        "/floors/",
        {"skill": "roofing", "starts_on": center.today().isoformat(), "wage_floor": "32.00",
         "min_hours": "4"},
        follow=True,
    )  # fmt: skip
    assert saved in response.content.decode()
    row = KindFloor.objects.get()
    assert (row.wage_floor, row.min_hours, row.created_by) == (Decimal("32"), 4, center_admin)


def test_a_bad_floor_is_a_400_and_writes_nothing(client, center, center_admin, roofing):
    client.force_login(center_admin)
    response = client.post(
        "/floors/",
        {"skill": "roofing", "starts_on": (center.today() - timedelta(1)).isoformat(),
         "wage_floor": "32.00"},
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip
    assert response.status_code == 400
    assert not KindFloor.objects.exists()


def test_floors_pages_are_for_center_admins_of_their_own_center(
    client, center, other_center, coordinator, roofing
):
    kind_floor_set(center=other_center, by=None, skill="roofing", starts_on=other_center.today(),
                   wage_floor=Decimal("77.00"), min_hours=None)  # fmt: skip
    client.force_login(factories.StaffFactory(center=center, role="center_admin").user)
    assert "77.00" not in client.get("/floors/").content.decode()
    client.force_login(coordinator)
    assert client.get("/floors/").status_code == 403
    assert client.post("/floors/", {"skill": "roofing"}).status_code == 403
