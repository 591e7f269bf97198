from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from bench import generate
from reports.models import (
    DailyStats,
    EmployerMonth,
    EmployerYear,
    NetworkDailyStats,
    WorkerMonth,
    WorkerYear,
)
from reports.stats import STAT_FIELDS, stats_rebuild

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MISMATCHES = {
    "assignment worker": "SELECT count(*) FROM dispatch_assignment a JOIN workers_worker w ON w.id = a.worker_id WHERE w.center_id <> a.center_id",
    "assignment job": "SELECT count(*) FROM dispatch_assignment a JOIN employers_job j ON j.id = a.job_id WHERE j.center_id <> a.center_id OR j.date <> a.date",
    "job employer": "SELECT count(*) FROM employers_job j JOIN employers_employer e ON e.id = j.employer_id WHERE e.center_id <> j.center_id",
    "sign-in worker": "SELECT count(*) FROM dispatch_signin s JOIN workers_worker w ON w.id = s.worker_id WHERE w.center_id <> s.center_id",
    "claim assignment": "SELECT count(*) FROM wages_wageclaim c JOIN dispatch_assignment a ON a.id = c.assignment_id WHERE a.center_id <> c.center_id OR a.worker_id <> c.worker_id",
    "dangling worker": "SELECT count(*) FROM dispatch_assignment a LEFT JOIN workers_worker w ON w.id = a.worker_id WHERE w.id IS NULL",
    "dangling job": "SELECT count(*) FROM dispatch_assignment a LEFT JOIN employers_job j ON j.id = a.job_id WHERE j.id IS NULL",
    "double booking": "SELECT count(*) FROM (SELECT worker_id, date FROM dispatch_assignment GROUP BY worker_id, date HAVING count(*) > 1) d",
    "overfilled job": "SELECT count(*) FROM employers_job j WHERE workers_needed <> (SELECT count(*) FROM dispatch_assignment a WHERE a.job_id = j.id)",
}


def _stats(model=DailyStats) -> dict:
    return {
        (getattr(row, "center_id", None), row.date): {
            name: getattr(row, name) for name in STAT_FIELDS
        }
        for row in model.objects.all()
        if any(getattr(row, name) for name in STAT_FIELDS)
    }


def _rows() -> dict:
    return {
        "workers by month": set(
            WorkerMonth.objects.values_list("worker_id", "month", "signin_days", "dispatches")
        ),
        "workers by year": set(
            WorkerYear.objects.values_list("worker_id", "year", "signin_days", "dispatches")
        ),
        "employers by month": set(
            EmployerMonth.objects.values_list("employer_id", "month", "placements")
        ),
        "employers by year": set(
            EmployerYear.objects.values_list("employer_id", "year", "placements")
        ),
    }


def test_the_small_generated_network_is_consistent():
    generate.run(
        centers=3, assignments=3000, years=1, end=date(2025, 12, 31), seed=7, reset=True, quiet=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dispatch_assignment")
        assert cursor.fetchone()[0] == pytest.approx(3000, rel=0.1)
        for name, sql in MISMATCHES.items():
            cursor.execute(sql)
            assert cursor.fetchone()[0] == 0, name
    generated, network, rows = _stats(), _stats(NetworkDailyStats), _rows()
    assert len(network) >= 300
    # the summary rows it wrote are what the services' own rebuild computes
    stats_rebuild(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert _stats() == generated
    assert _stats(NetworkDailyStats) == network
    assert _rows() == rows
