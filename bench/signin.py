"""What one sign-in costs the database, with the report rows refreshed after every sign-in
(as before) and coalesced to one refresh per center-day per minute (as now).

    python -m bench signin [--members 300] [--signins 100] [--history-days 20] [--per-minute 20]

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). A center with ``--members`` workers
and ``--history-days`` days of sign-ins this month signs ``--signins`` of them in with the
real service (``dispatch.services.morning.signin_create``); every statement's time is summed
by a database execute wrapper. The refresh (``reports.tasks.stats_refresh``: the center-day,
its month and year rows, the network's day) is measured on the same data. At the peak rate
of ``--per-minute`` sign-ins a center sees, one coalesced refresh serves that many sign-ins.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

import django


class DbClock:
    """Sums the wall time of every statement run on the default connection."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.statements += 1


@contextmanager
def timed(clock: DbClock):
    from django.db import connection

    with connection.execute_wrapper(clock):
        yield clock


def prepare(members: int, history_days: int):
    from centers.models import Center
    from dispatch.models import SignIn
    from workers.models import Worker

    center, _ = Center.objects.get_or_create(
        slug="bench-signin",
        defaults={"name": "Bench sign-in", "sms_number": "+15550109999", "timezone": "UTC"},
    )
    center.signin_opens = dtime(0, 0)
    center.lottery_cutoff = dtime(23, 59)
    center.save()
    SignIn.objects.filter(center=center).delete()
    have = Worker.objects.filter(center=center).count()
    Worker.objects.bulk_create(
        [
            Worker(center=center, badge=90000 + n, full_name=f"Bench Worker {n}", known_as=f"B{n}")
            for n in range(have, members)
        ]
    )
    workers = list(Worker.objects.filter(center=center).order_by("badge")[:members])
    today = center.today()
    first = today - timedelta(days=history_days)
    history = [
        SignIn(
            center=center,
            worker=w,
            date=first + timedelta(days=d),
            signed_in_at=datetime.combine(first + timedelta(days=d), dtime(6), tzinfo=UTC),
            position=i + 1,
            lottery_number=i + 1,
        )
        for d in range((today - first).days)
        for i, w in enumerate(workers)
    ]
    SignIn.objects.bulk_create(history, batch_size=5000)
    return center, workers, len(history)


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m bench signin", description=__doc__)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--signins", type=int, default=100)
    parser.add_argument("--history-days", type=int, default=20)
    parser.add_argument("--per-minute", type=float, default=20.0, help="a center's peak rate")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench signin needs DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    from dispatch.services import morning
    from reports.stats import stats_refresh

    center, workers, history = prepare(args.members, args.history_days)
    today = center.today()
    touched: list[tuple[int, object]] = []
    real_touch = morning.stats_touch
    morning.stats_touch = lambda **kw: touched.append(kw)  # the refresh is measured apart
    per_signin: list[float] = []
    counts: list[int] = []
    try:
        for worker in workers[: args.signins]:
            with timed(DbClock()) as clock:
                morning.signin_create(center=center, badge=worker.badge)
            per_signin.append(clock.seconds)
            counts.append(clock.statements)
    finally:
        morning.stats_touch = real_touch
    statements = sorted(counts)[len(counts) // 2]  # the day's first sign-in writes its draw row too
    refreshes = []
    for _ in range(5):
        with timed(DbClock()) as clock:
            stats_refresh(center_id=center.pk, day=today)
        refreshes.append(clock.seconds)
    signin_ms = statistics.median(per_signin) * 1000
    refresh_ms = statistics.median(refreshes) * 1000
    before = signin_ms + refresh_ms
    now = signin_ms + refresh_ms / args.per_minute
    print(
        f"sign-in: a center of {len(workers)} members, {history:,} sign-ins this month, "
        f"{len(per_signin)} signed in by the service; database time (median)"
    )
    rows = [
        (f"the sign-in itself ({statements} statements)", signin_ms, ""),
        ("one refresh: the center's day, month and year rows", refresh_ms, ""),
        ("per sign-in, a refresh after every sign-in (before)", before, ""),
        (
            f"per sign-in, one refresh a minute at {args.per_minute:.0f}/min (now)",
            now,
            f"  {before / now:.1f}x less",
        ),
    ]
    for label, ms, note in rows:
        print(f"  {label:58} {ms:8.2f} ms{note}")
    return now < before


if __name__ == "__main__":
    main()
