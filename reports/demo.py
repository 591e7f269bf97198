"""Demo past mornings and report rows (development only).

The registry and jobs-log seeders leave 90 days of jobs with their workers; this adds the
sign-ins of those mornings (everyone who worked, plus others who waited and got nothing),
in lottery order, and then builds the report rows from the raw tables, so a board member
sees months of history right after the quick start. Idempotent: a center with past sign-ins
is left alone; the report rows are recomputed, never added up.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, time, timedelta

from centers.models import Center
from dispatch.models import Assignment, SignIn
from reports.stats import stats_rebuild
from workers.models import Worker

HISTORY_DAYS = 90
WAITING_PER_DAY = (25, 45)  # workers who came and were not placed


def seed(centers: list[Center], rng: random.Random) -> None:
    for center in centers:
        _past_mornings(center, rng)
    today = max(center.today() for center in centers)
    stats_rebuild(
        start=today - timedelta(days=HISTORY_DAYS + 1),
        end=today,
        center_ids=[center.pk for center in centers],
    )


def _past_mornings(center: Center, rng: random.Random) -> None:
    today = center.today()
    start = today - timedelta(days=HISTORY_DAYS)
    if SignIn.objects.filter(center=center, date__gte=start, date__lt=today).exists():
        return
    worked: dict[date, set[int]] = defaultdict(set)
    for day, worker_id in Assignment.objects.filter(
        center=center, date__gte=start, date__lt=today
    ).values_list("date", "worker_id"):
        worked[day].add(worker_id)
    members = list(Worker.objects.filter(center=center).values_list("pk", flat=True))
    rows = []
    for day in sorted(worked):
        placed = worked[day]
        others = [pk for pk in members if pk not in placed]
        came = list(placed) + rng.sample(others, min(len(others), rng.randint(*WAITING_PER_DAY)))
        rng.shuffle(came)  # the day's lottery order
        opens = center.local_datetime(day, center.signin_opens or time(6, 0))
        for position, worker_id in enumerate(came, 1):
            rows.append(
                SignIn(
                    center=center,
                    date=day,
                    worker_id=worker_id,
                    signed_in_at=opens + timedelta(seconds=rng.randrange(5400)),
                    lottery_number=position,
                    position=position,
                    state=SignIn.State.DISPATCHED if worker_id in placed else SignIn.State.LEFT,
                )
            )
    SignIn.objects.bulk_create(rows, batch_size=2000)
