"""Gating: a certificate a job or its skills require, the orientation before a first job, and
a minimum English level. The engine skips, "why?" says what is lacking, the desk line shows
it, and a worker chosen by hand is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dispatch import reasons
from dispatch.errors import DispatchConflict
from dispatch.models import Assignment
from dispatch.selectors import gating
from dispatch.selectors.morning import decisions_for
from dispatch.services import morning, offers
from tests import factories
from workers.models import Certificate, EnglishLevel, Skill, Training

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def certify(worker, code, issued=None, expires=None):
    issued = issued or worker.center.today() - timedelta(days=30)
    return Certificate.objects.create(
        center=worker.center,
        worker=worker,
        training=Training.objects.get(code=code),
        issued_on=issued,
        expires_on=expires,
    )


def skipped(result):
    return [(worker.pk, why) for worker, why in result.skipped]


@pytest.fixture
def demolition():
    skill = Skill.objects.get(code="demolition")
    skill.required_training = Training.objects.get(code="osha10")
    skill.save()
    return skill


def test_a_skill_that_requires_a_certificate_skips_workers_without_it(
    center, morning_of, demolition
):
    lacking, expired, trained = morning_of(
        *factories.WorkerFactory.create_batch(3, center=center, skills=[demolition])
    )
    today = center.today()
    certify(
        expired, "osha10", issued=today - timedelta(days=900), expires=today - timedelta(days=1)
    )
    certify(trained, "osha10", expires=today)  # valid through its last day
    job = factories.JobFactory(center=center, skills=[demolition])
    result = morning.job_dispatch_desk(job=job)
    assert [a.worker_id for a in result.assignments] == [trained.pk]
    assert skipped(result) == [
        (lacking.pk, reasons.MISSING_CERTIFICATE),
        (expired.pk, reasons.MISSING_CERTIFICATE),
    ]
    why = decisions_for(center=center, day=job.date, worker_id=lacking.pk)
    assert why[0]["reason"] == "Lacks a certificate the job needs: OSHA-10"


def test_a_job_can_require_a_certificate_itself(center, morning_of):
    lacking, trained = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    certify(trained, "first_aid")
    job = factories.JobFactory(center=center)
    job.required_trainings.set([Training.objects.get(code="first_aid")])
    result = offers.offers_send(job=job)
    assert [o.worker_id for o in result.offers] == [trained.pk]
    assert skipped(result) == [(lacking.pk, reasons.MISSING_CERTIFICATE)]


def test_orientation_is_required_only_before_a_first_dispatch(center, morning_of):
    center.orientation_required = True
    center.save()
    new, veteran, oriented = morning_of(*factories.WorkerFactory.create_batch(3, center=center))
    earlier = factories.JobFactory(center=center, date=center.today() - timedelta(days=3))
    Assignment.objects.create(
        center=center, job=earlier, worker=veteran, date=earlier.date, slot=1, how="lottery",
        state=Assignment.State.COMPLETED,
    )  # fmt: skip
    certify(oriented, Training.ORIENTATION)
    job = factories.JobFactory(center=center, workers_needed=3)
    result = morning.job_dispatch_desk(job=job)
    assert {a.worker_id for a in result.assignments} == {veteran.pk, oriented.pk}
    assert set(skipped(result)) == {(new.pk, reasons.NO_ORIENTATION)}


@pytest.mark.parametrize(
    ("level", "asked", "sent"),
    [
        (EnglishLevel.NONE, EnglishLevel.NONE, True),
        (EnglishLevel.BASIC, EnglishLevel.CONVERSATIONAL, False),
        (EnglishLevel.CONVERSATIONAL, EnglishLevel.CONVERSATIONAL, True),
        (EnglishLevel.FLUENT, EnglishLevel.CONVERSATIONAL, True),
        (EnglishLevel.CONVERSATIONAL, EnglishLevel.FLUENT, False),
    ],
)
def test_a_job_gets_workers_with_at_least_the_english_it_asks(
    center, morning_of, level, asked, sent
):
    (worker,) = morning_of(factories.WorkerFactory(center=center, english_level=level))
    job = factories.JobFactory(center=center, min_english_level=asked)
    result = morning.job_dispatch_desk(job=job)
    assert bool(result.assignments) is sent
    if not sent:
        assert skipped(result) == [(worker.pk, reasons.ENGLISH_LEVEL)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Speaks less English than the job asks: Conversational asked"),
        ("es", "Habla menos inglés del que pide el trabajo: se pide Conversacional"),
    ],
)
def test_why_names_the_english_level_asked(
    center, morning_of, desk_client, coordinator, language, text
):
    (worker,) = morning_of(factories.WorkerFactory(center=center))
    job = factories.JobFactory(center=center, min_english_level=EnglishLevel.CONVERSATIONAL)
    morning.job_dispatch_desk(job=job)
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    page = desk_client.get(f"/desk/why/{worker.pk}/", **HTMX).content.decode()
    assert text in page


def test_a_worker_chosen_by_hand_without_the_certificate_is_refused(center, morning_of, demolition):
    (worker,) = morning_of(factories.WorkerFactory(center=center, skills=[demolition]))
    job = factories.JobFactory(center=center, skills=[demolition])
    with pytest.raises(DispatchConflict, match=r"cannot be dispatched to this job.*OSHA-10"):
        morning.assignment_direct(job=job, badge=worker.badge, reason="skill")
    assert not Assignment.objects.exists()


def test_an_offer_accepted_after_the_certificate_lapsed_is_closed(center, morning_of, demolition):
    (worker,) = morning_of(factories.WorkerFactory(center=center, skills=[demolition]))
    held = certify(worker, "osha10", expires=center.today())
    job = factories.JobFactory(center=center, skills=[demolition])
    (offer,) = offers.offers_send(job=job).offers
    held.expires_on = center.today() - timedelta(days=1)
    held.save()
    assert offers.offer_accept(offer=offer) is None
    offer.refresh_from_db()
    assert offer.state == "cancelled"
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(("language", "pill"), [("en", "no OSHA-10"), ("es", "sin OSHA-10")])
def test_the_desk_line_shows_who_lacks_what_todays_jobs_need(
    center, morning_of, desk_client, coordinator, demolition, language, pill
):
    lacking, trained = morning_of(*factories.WorkerFactory.create_batch(2, center=center))
    certify(trained, "osha10")
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    assert pill not in desk_client.get("/desk/live/").content.decode()
    factories.JobFactory(center=center, skills=[demolition])
    page = desk_client.get("/desk/live/").content.decode()
    assert page.count(pill) == 1
    row = page[page.index(lacking.known_as) :]
    assert row.index(pill) < row.index("</tr>")


def test_gaps_are_read_in_a_fixed_number_of_queries(
    center, demolition, django_assert_max_num_queries
):
    job = factories.JobFactory(center=center, skills=[demolition])
    center.orientation_required = True
    center.save()
    workers = factories.WorkerFactory.create_batch(40, center=center)
    requirements = gating.job_requirements(job)
    with django_assert_max_num_queries(2):
        gaps = gating.workers_gaps(
            requirements=requirements, workers=[(w.pk, w.english_level) for w in workers],
            day=job.date,
        )  # fmt: skip
    assert len(gaps) == 40
