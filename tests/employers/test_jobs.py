from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from dispatch.errors import DispatchError
from employers.models import Job
from employers.selectors import employer_has_open_claims
from employers.services import job_cancel, job_create, job_update
from tests import factories
from wages.models import WageClaim

pytestmark = pytest.mark.django_db


def post(center, employer=None, **fields):
    employer = employer or factories.EmployerFactory(center=center)
    values = {
        "description": "Paint a fence",
        "date": center.today(),
        "start_time": factories.LATER_TODAY,
        "estimated_hours": Decimal("4"),
        "hourly_wage": Decimal("25"),
        "address": "1 Holt Ave, Pomona",
        **fields,
    }
    return job_create(center=center, employer=employer, by=None, source="desk", **values)


def open_claim(center, employer, status="open"):
    return WageClaim.objects.create(
        center=center, worker=factories.WorkerFactory(center=center), employer=employer,
        work_start=center.today(), work_end=center.today(), amount_owed=Decimal("100"),
        status=status,
    )  # fmt: skip


def test_a_job_is_posted_with_the_floor_of_its_day(center):
    job = post(center, skills=["painting"], workers_needed=2)
    assert job.status == "open"
    assert job.wage_floor == center.wage_floor
    assert list(job.skills.values_list("code", flat=True)) == ["painting"]
    assert job.warnings == []


def test_a_wage_under_the_floor_is_refused_naming_the_floor(center):
    with pytest.raises(DispatchError, match=r"floor of \$20\.00") as info:
        post(center, hourly_wage=Decimal("19.99"))
    assert info.value.field == "hourly_wage"
    assert not Job.objects.exists()


def test_the_database_refuses_a_wage_under_the_stored_floor(center):
    employer = factories.EmployerFactory(center=center)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(
            center=center, employer=employer, description="x", date=center.today(),
            start_time=time(8), estimated_hours=1, hourly_wage=Decimal("10"),
            wage_floor=Decimal("20"), address="x",
        )  # fmt: skip


def test_a_blocked_employer_cannot_post(center):
    employer = factories.EmployerFactory(center=center, blocked=True, blocked_reason="Unpaid")
    with pytest.raises(DispatchError, match="blocked from posting jobs: Unpaid"):
        post(center, employer)
    assert not Job.objects.exists()


def test_an_employer_with_an_open_claim_is_flagged(center):
    employer = factories.EmployerFactory(center=center)
    open_claim(center, employer, status="resolved")
    assert not employer_has_open_claims(employer)
    open_claim(center, employer, status="demand_letter_sent")
    assert employer_has_open_claims(employer)
    job = post(center, employer)
    assert job.warnings
    assert "open wage claim" in job.warnings[0]


def test_an_open_claim_blocks_posting_when_the_center_says_so(center):
    center.block_employers_with_open_claims = True
    center.save()
    employer = factories.EmployerFactory(center=center)
    open_claim(center, employer)
    with pytest.raises(DispatchError, match="open wage claim"):
        post(center, employer)


def test_requested_workers_must_be_of_this_center(center, other_center):
    mine = factories.WorkerFactory(center=center, badge=5)
    factories.WorkerFactory(center=other_center, badge=6)
    job = post(center, requested_badges=["5"])
    assert list(job.requested_workers.all()) == [mine]
    with pytest.raises(DispatchError, match="No worker with badge #6 at this center"):
        post(center, requested_badges=[5, 6])
    assert Job.objects.count() == 1


def test_an_unknown_skill_is_refused(center):
    with pytest.raises(Exception, match="Unknown skill: tightrope"):
        post(center, skills=["tightrope"])
    assert not Job.objects.exists()


def test_an_employer_of_another_center_cannot_post_here(center, other_center):
    with pytest.raises(DispatchError, match="another center"):
        post(center, factories.EmployerFactory(center=other_center))


def test_a_job_cannot_be_posted_for_a_past_date(center):
    with pytest.raises(DispatchError, match="past"):
        post(center, date=center.today() - timedelta(days=1))


def test_editing_a_job_checks_the_floor_again(center):
    job = post(center)
    with pytest.raises(DispatchError, match="floor"):
        job_update(job=job, by=None, hourly_wage=Decimal("5"))
    job_update(job=job, by=None, hourly_wage=Decimal("30"), skills=["moving"])
    job.refresh_from_db()
    assert job.hourly_wage == Decimal("30")


def test_cancelling_is_once_and_not_after_completion(center):
    job = post(center)
    job_cancel(job=job, by=None, reason="Rain")
    job.refresh_from_db()
    assert (job.status, job.cancelled_reason) == ("cancelled", "Rain")
    with pytest.raises(DispatchError):
        job_cancel(job=job, by=None)
    with pytest.raises(DispatchError, match="Only an open job"):
        job_update(job=job, by=None, description="x")
