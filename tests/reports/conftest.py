"""Shared fixtures of the report tests: the morning loop (a clock at the center, the real SMS
outbox, shared with dispatch) and the hand-made March."""

from datetime import date

import pytest

from reports.stats import stats_rebuild
from tests.reports import data


@pytest.fixture
def march(center, other_center):
    """Pomona's hand-made March 2025 (``tests/reports/data.py``), with its report rows."""
    seeded = data.march(center, other_center)
    stats_rebuild(start=date(2025, 2, 1), end=date(2025, 3, 31))
    return seeded
