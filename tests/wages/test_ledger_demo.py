from __future__ import annotations

import random
from datetime import timedelta

import pytest

from dispatch.models import Assignment
from employers.models import Job
from tests import factories
from wages import demo as demo_ledger
from wages.models import ClaimEvent, WageClaim
from workers.models import Sanction, Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(center):
    workers = [factories.WorkerFactory(center=center) for _ in range(8)]
    today = center.today()
    for days in range(1, 61):
        for _ in range(2):
            factories.JobFactory(
                center=center,
                date=today - timedelta(days=days),
                status=Job.Status.COMPLETED,
                workers_needed=2,
            )
    return workers


def test_demo_adds_paid_jobs_sanctions_and_claims_in_every_status_once(center, history):
    demo_ledger.seed([center], random.Random(1998))

    completed = Assignment.objects.filter(state="completed")
    assert completed.count() > 150
    assert all(row.amount_paid and row.hours_worked for row in completed)
    assert Assignment.objects.filter(state="no_show").count() == 4
    assert Sanction.objects.filter(kind="no_show").count() == 7
    assert set(WageClaim.objects.values_list("status", flat=True)) == set(WageClaim.Status.values)
    assert WageClaim.objects.filter(amount_recovered__gt=0).exists()
    referred = WageClaim.objects.get(status="referred")
    assert referred.referred_to
    assert ClaimEvent.objects.filter(kind="payment").exists()
    assert Worker.objects.filter(suspended_until__isnull=False).count() == 1

    counts = (Assignment.objects.count(), WageClaim.objects.count(), Sanction.objects.count())
    demo_ledger.seed([center], random.Random(1998))
    assert counts == (
        Assignment.objects.count(),
        WageClaim.objects.count(),
        Sanction.objects.count(),
    )


def test_demo_without_jobs_does_nothing(center):
    factories.WorkerFactory(center=center)
    demo_ledger.seed([center], random.Random(1))
    assert not Sanction.objects.exists()
    assert not Assignment.objects.exists()
    assert not WageClaim.objects.exists()
