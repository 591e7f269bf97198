"""Each day of a job of several days is a worker-day in the board report: the summary rows
agree with the raw assignments and with the report computed from them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dispatch.models import Assignment
from dispatch.services import morning
from reports.selectors import report_from_raw, report_summary
from reports.stats import stats_refresh
from tests import factories
from wages.services.ledger import assignment_complete

pytestmark = pytest.mark.django_db


def test_a_three_day_job_for_two_workers_counts_six_worker_days(center):
    today = center.today()
    first = today - timedelta(days=4)
    span = factories.JobFactory(
        center=center, date=first, end_date=first + timedelta(days=2), workers_needed=2,
        hourly_wage=Decimal("25.00"),
    )  # fmt: skip
    one_day = factories.JobFactory(center=center, date=first + timedelta(days=1))
    a, b, c = factories.WorkerFactory.create_batch(3, center=center)
    for worker in (a, b):
        morning.assignment_create(job=span, worker=worker, how="walk_in")
    morning.assignment_create(job=one_day, worker=c, how="walk_in")
    for row in Assignment.objects.filter(center=center):
        assignment_complete(assignment=row, hours_worked="8")
    for n in range(5):
        stats_refresh(center_id=center.pk, day=first + timedelta(days=n))

    report = report_summary(center=center, start=first, end=today)
    assert report.totals["placements"] == 7 == Assignment.objects.filter(center=center).count()
    assert report.totals["hours"] == Decimal("56.0")
    assert report.totals["wages"] == Decimal("25.00") * 8 * 6 + one_day.hourly_wage * 8
    per_day = {row["date"]: row for row in report.daily}
    assert per_day[first + timedelta(days=1)]["placements"] == 3
    raw = report_from_raw(center=center, start=first, end=today)
    for name in ("placements", "hours", "wages"):
        assert raw.totals[name] == report.totals[name], name
