from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reports.fairness import decile_shares, gini, histogram
from reports.selectors import report_from_raw, report_summary, split_months
from reports.stats import stats_rebuild
from tests.reports import data

EXPECTED = {
    "signins": 16,
    "days": 12,
    "unique_workers": 5,
    "dispatched": 3,
    "dispatch_rate": 0.1875,
    "jobs": 2,
    "placements": 3,
    "workers_placed": 2,
    "hours": Decimal("15.0"),
    "wages": Decimal("225.00"),
    "mean_hourly_wage": Decimal("25.00"),
    "mean_wage_floor": Decimal("20.00"),
    "employers_served": 2,
    "employers_new": 1,
    "employers_repeat": 1,
    "idle_workers": 1,
    "claims_opened": 2,
    "claims_resolved": 1,
    "owed": Decimal("172.00"),
    "recovered": Decimal("90.00"),
    "sms_sent": 3,
    "sms_segments": 4,
    "sms_cost": Decimal("0.02"),
    "gini": 0.6667,
}
DECILES = [0, 0, 0, 0, 0, 0, 0.1667, 0.1667, 0.3333, 0.3333]


@pytest.fixture
def march(center, other_center):
    seeded = data.march(center, other_center)
    stats_rebuild(start=date(2025, 2, 1), end=date(2025, 3, 31))
    return seeded


def test_each_report_number_matches_the_hand_computed_month(march, center):
    report = report_summary(center=center, start=data.MARCH[0], end=data.MARCH[1])
    assert {key: report.totals[key] for key in EXPECTED} == EXPECTED


def test_deciles_of_the_month_match_the_hand_computed_shares(march, center):
    report = report_summary(center=center, start=data.MARCH[0], end=data.MARCH[1])
    assert report.deciles == DECILES


def test_the_raw_tables_give_the_same_report_as_the_summary_rows(march, center):
    summary = report_summary(center=center, start=data.MARCH[0], end=data.MARCH[1])
    raw = report_from_raw(center=center, start=data.MARCH[0], end=data.MARCH[1])
    assert raw.totals == summary.totals
    assert raw.daily == summary.daily
    assert raw.deciles == summary.deciles


def test_a_range_cutting_months_counts_only_its_own_days(march, center):
    report = report_summary(center=center, start=date(2025, 2, 15), end=date(2025, 3, 3))
    raw = report_from_raw(center=center, start=date(2025, 2, 15), end=date(2025, 3, 3))
    assert report.totals["unique_workers"] == 3  # A, B, C on March 3rd
    assert report.totals["workers_placed"] == 2
    assert report.totals["employers_served"] == 1
    assert report.totals == raw.totals


def test_daily_series_lists_each_day_with_activity(march, center):
    report = report_summary(center=center, start=data.MARCH[0], end=data.MARCH[1])
    first = report.daily[0]
    assert first["date"] == date(2025, 3, 3)
    assert (first["signins"], first["dispatched"], first["placements"]) == (3, 2, 2)
    assert first["wages"] == Decimal("225.00")


def test_the_network_report_adds_up_every_center(march, center, other_center):
    network = report_summary(center=None, start=data.MARCH[0], end=data.MARCH[1])
    assert network.totals["signins"] == 17
    assert network.totals["unique_workers"] == 6
    assert network.totals["placements"] == 4
    assert network.totals["wages"] == Decimal("425.00")
    assert (
        network.totals
        == report_from_raw(center=None, start=data.MARCH[0], end=data.MARCH[1]).totals
    )


def test_split_months_keeps_whole_months_and_the_days_around_them():
    assert split_months(date(2025, 1, 15), date(2025, 3, 10)) == (
        (date(2025, 2, 1), date(2025, 2, 1)),
        [(date(2025, 1, 15), date(2025, 1, 31)), (date(2025, 3, 1), date(2025, 3, 10))],
    )
    assert split_months(date(2025, 1, 1), date(2025, 12, 31)) == (
        (date(2025, 1, 1), date(2025, 12, 1)),
        [],
    )
    assert split_months(date(2025, 1, 1), date(2025, 1, 20)) == (
        None,
        [(date(2025, 1, 1), date(2025, 1, 20))],
    )


def test_gini_from_a_histogram_equals_the_per_worker_formula():
    values = [0, 0, 3, 1, 7, 2, 2, 0, 5]
    data_sorted = sorted(values)
    n, total = len(values), sum(values)
    direct = 2 * sum((i + 1) * v for i, v in enumerate(data_sorted)) / (n * total) - (n + 1) / n
    assert gini(histogram(values)) == pytest.approx(direct)
    assert gini(histogram([4, 4, 4])) == 0
    assert gini({}) == 0


def test_decile_shares_add_up_to_the_whole():
    shares = decile_shares(histogram(range(37)))
    assert sum(shares) == pytest.approx(1)
    assert shares == sorted(shares)
