"""The summary rows behind the board reports, recomputed from the raw tables.

``stats_refresh(center_id=, day=)`` recomputes one center-day (the ``DailyStats`` row, the
center's ``WorkerMonth`` / ``EmployerMonth`` rows of that month). Services of the apps below
call it after their transaction commits through ``centers.queue.stats_touch``, which queues
the ``reports.tasks.stats_refresh`` task by name; the nightly ``stats_rollup`` task
recomputes yesterday and today of every center, so a write that missed its hook is
repaired by the next morning. ``stats_rebuild`` does the same for any range of days and
centers with set-based queries (one query per metric, grouped by center and day).

Recomputing (never incrementing) makes every call idempotent and safe to repeat.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DecimalField, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth

from centers.models import Center
from dispatch.models import LIVE_ASSIGNMENT, LIVE_STATES, Assignment, SignIn
from employers.models import Employer
from reports.models import (
    DailyStats,
    EmployerMonth,
    EmployerYear,
    NetworkDailyStats,
    WorkerMonth,
    WorkerYear,
)
from sms.models import Message
from wages.models import ClaimEvent, WageClaim

#: "Idle" workers: signed in on at least this many of the last IDLE_WINDOW days, no job.
IDLE_MIN_DAYS = 10
IDLE_WINDOW = 30
SENT_STATUSES = (Message.Status.SENT, Message.Status.DELIVERED, Message.Status.UNDELIVERED)
STAT_FIELDS = [
    f.name
    for f in DailyStats._meta.concrete_fields
    if f.name not in {"id", "center", "date", "updated_at"}
]
ZERO = Decimal("0")
STATS_LOCK = 7460
MONEY = DecimalField(max_digits=14, decimal_places=2)

Key = tuple[int, date]


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return (month_start(day) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def stats_refresh(*, center_id: int, day: date) -> None:
    stats_rebuild(start=day, end=day, center_ids=[center_id])


def stats_rollup() -> int:
    """Recompute yesterday and today (each center's local dates) for every center."""
    by_today: dict[date, list[int]] = defaultdict(list)
    for center in Center.objects.only("pk", "timezone"):
        by_today[center.today()].append(center.pk)
    for today, center_ids in by_today.items():
        stats_rebuild(start=today - timedelta(days=1), end=today, center_ids=center_ids)
    return sum(len(ids) for ids in by_today.values())


@transaction.atomic
def stats_rebuild(*, start: date, end: date, center_ids: Iterable[int] | None = None) -> int:
    """Recompute the summary rows of ``start``..``end`` for the centers (all if None).

    Daily rows cover exactly the days asked; month rows cover every month the days touch."""
    centers = Center.objects.all()
    if center_ids is not None:
        centers = centers.filter(pk__in=list(center_ids))
    ids = sorted(centers.values_list("pk", flat=True))
    _lock(ids)
    rows = daily_numbers(center_ids=ids, start=start, end=end, fill=True)
    DailyStats.objects.filter(center_id__in=ids, date__range=(start, end)).delete()
    DailyStats.objects.bulk_create(
        [DailyStats(center_id=c, date=d, **values) for (c, d), values in rows.items()],
        batch_size=2000,
    )
    _network_rebuild(start, end)
    _months_rebuild(ids, month_start(start), month_end(end))
    _years_rebuild(ids, start.year, end.year)
    return len(rows)


def _network_rebuild(start: date, end: date) -> None:
    """Recompute the network's rows of the days from every center's rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # after the center locks: one order, no deadlock
            cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [STATS_LOCK])
    sums = (
        DailyStats.objects.filter(date__range=(start, end))
        .values("date")
        .annotate(**{name: Sum(name) for name in STAT_FIELDS})
    )
    NetworkDailyStats.objects.filter(date__range=(start, end)).delete()
    NetworkDailyStats.objects.bulk_create(
        [NetworkDailyStats(**row) for row in sums], batch_size=2000
    )


def _lock(center_ids: list[int]) -> None:
    """One rebuild per center at a time (PostgreSQL; SQLite serializes writers anyway)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for center_id in center_ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [STATS_LOCK, center_id])


def daily_numbers(
    *,
    center_ids: list[int],
    start: date,
    end: date,
    fill: bool = False,
    idle_days: Iterable[date] | None = None,
) -> dict[Key, dict[str, Any]]:
    """Every DailyStats column, from the raw tables, for each (center, day) with activity;
    with ``fill`` also a row of zeros for every other center-day of the range. Idle workers
    are counted for ``idle_days`` (default: every day of the range)."""
    rows: dict[Key, dict[str, Any]] = {}

    def put(key: Key, **values: Any) -> None:
        row = rows.setdefault(key, dict.fromkeys(STAT_FIELDS, 0))
        for name, value in values.items():
            row[name] = value if value is not None else 0

    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    if fill:
        for day in days:
            for center_id in center_ids:
                put((center_id, day))

    live_same_day = Assignment.objects.filter(
        LIVE_ASSIGNMENT, worker=OuterRef("worker"), date=OuterRef("date")
    )
    signins = (
        SignIn.objects.filter(center_id__in=center_ids, date__range=(start, end))
        .values("center_id", "date")
        .annotate(signins=Count("pk"), dispatched=Count("pk", filter=Q(Exists(live_same_day))))
    )
    for row in signins:
        put((row["center_id"], row["date"]), signins=row["signins"], dispatched=row["dispatched"])

    both = Q(hours_worked__isnull=False, amount_paid__isnull=False)
    assignments = (
        Assignment.objects.filter(
            LIVE_ASSIGNMENT, center_id__in=center_ids, date__range=(start, end)
        )
        .values("center_id", "date")
        .annotate(
            placements=Count("pk"),
            jobs=Count("job_id", distinct=True),
            hours=Sum("hours_worked"),
            wages=Sum("amount_paid"),
            paid_hours=Sum("hours_worked", filter=both),
            paid_amount=Sum("amount_paid", filter=both),
            floor_amount=Sum(
                F("job__wage_floor") * F("hours_worked"), filter=both, output_field=MONEY
            ),
        )
    )
    for placed in assignments:
        figures: dict[str, Any] = dict(placed)
        key = (figures.pop("center_id"), figures.pop("date"))
        put(key, **figures)

    served = Assignment.objects.filter(
        LIVE_ASSIGNMENT, center_id__in=center_ids, date__range=(start, end)
    ).values("job__employer_id")
    firsts = (
        Employer.objects.filter(pk__in=served)
        .annotate(first=Min("jobs__assignments__date", filter=_live("jobs__assignments__")))
        .filter(first__range=(start, end))
        .values_list("center_id", "first")
    )
    new_employers: dict[Key, int] = defaultdict(int)
    for center_id, first in firsts:
        new_employers[(center_id, first)] += 1
    for key, n in new_employers.items():
        put(key, new_employers=n)

    for tz, tz_centers in _by_timezone(center_ids).items():
        _local_numbers(put, tz, tz_centers, start, end)

    for day in days if idle_days is None else idle_days:
        for center_id, n in _idle_workers(center_ids, day).items():
            put((center_id, day), idle_workers=n)
    return rows


def _live(prefix: str) -> Q:
    return Q(**{f"{prefix}state__in": LIVE_STATES})


def _by_timezone(center_ids: list[int]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, tz in Center.objects.filter(pk__in=center_ids).values_list("pk", "timezone"):
        groups[tz].append(pk)
    return groups


def _local_numbers(put: Any, tz: str, center_ids: list[int], start: date, end: date) -> None:
    """Numbers dated by a timestamp: counted on the center's local date."""
    zone = zoneinfo.ZoneInfo(tz)
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)

    def by_day(qs: Any, field: str, **aggregates: Any) -> Iterable[dict[str, Any]]:
        return (
            qs.filter(**{f"{field}__gte": since, f"{field}__lt": until})
            .annotate(day=TruncDate(field, tzinfo=zone))
            .values("center_id", "day")
            .annotate(**aggregates)
        )

    claims = WageClaim.objects.filter(center_id__in=center_ids).exclude(
        status=WageClaim.Status.DRAFT
    )
    for row in by_day(claims, "opened_at", opened=Count("pk"), owed=Sum("amount_owed")):
        put((row["center_id"], row["day"]), claims_opened=row["opened"], owed=row["owed"])
    for row in by_day(claims, "resolved_at", resolved=Count("pk")):
        put((row["center_id"], row["day"]), claims_resolved=row["resolved"])
    payments = ClaimEvent.objects.filter(
        claim__center_id__in=center_ids, kind=ClaimEvent.Kind.PAYMENT
    ).annotate(center_id=F("claim__center_id"))
    for row in by_day(payments, "at", recovered=Sum("amount")):
        put((row["center_id"], row["day"]), recovered=row["recovered"])
    sent = Message.objects.filter(
        center_id__in=center_ids,
        direction=Message.Direction.OUTBOUND,
        status__in=SENT_STATUSES,
    )
    for row in by_day(
        sent, "created_at", n=Count("pk"), segments=Sum("segments"), cost=Sum("price")
    ):
        put(
            (row["center_id"], row["day"]),
            sms_sent=row["n"],
            sms_segments=row["segments"],
            sms_cost=abs(row["cost"] or ZERO),  # Twilio reports prices as negative amounts
        )


def _idle_workers(center_ids: list[int], day: date) -> dict[int, int]:
    """Per center: workers with IDLE_MIN_DAYS sign-ins in the window ending ``day`` and no
    live assignment in it."""
    since = day - timedelta(days=IDLE_WINDOW - 1)
    worked = Assignment.objects.filter(
        LIVE_ASSIGNMENT, worker=OuterRef("worker_id"), date__range=(since, day)
    )
    idle = (
        SignIn.objects.filter(center_id__in=center_ids, date__range=(since, day))
        .values("center_id", "worker_id")
        .annotate(days=Count("pk"))
        .filter(days__gte=IDLE_MIN_DAYS)
        .filter(~Exists(worked))
    )
    counts: dict[int, int] = defaultdict(int)
    for row in idle:
        counts[row["center_id"]] += 1
    return counts


def _months_rebuild(center_ids: list[int], start: date, end: date) -> None:
    """Recompute WorkerMonth and EmployerMonth rows of whole months ``start``..``end``."""
    per_worker: dict[tuple[int, int, date], list[int]] = defaultdict(lambda: [0, 0])
    signins = (
        SignIn.objects.filter(center_id__in=center_ids, date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("center_id", "worker_id", "month")
        .annotate(n=Count("pk"))
    )
    for row in signins:
        per_worker[(row["center_id"], row["worker_id"], _as_date(row["month"]))][0] = row["n"]
    live = Assignment.objects.filter(
        LIVE_ASSIGNMENT, center_id__in=center_ids, date__range=(start, end)
    ).annotate(month=TruncMonth("date"))
    for row in live.values("center_id", "worker_id", "month").annotate(n=Count("pk")):
        per_worker[(row["center_id"], row["worker_id"], _as_date(row["month"]))][1] = row["n"]
    WorkerMonth.objects.filter(center_id__in=center_ids, month__range=(start, end)).delete()
    WorkerMonth.objects.bulk_create(
        [
            WorkerMonth(center_id=c, worker_id=w, month=m, signin_days=days, dispatches=jobs)
            for (c, w, m), (days, jobs) in per_worker.items()
        ],
        batch_size=5000,
    )
    employers = live.values("center_id", "job__employer_id", "month").annotate(n=Count("pk"))
    EmployerMonth.objects.filter(center_id__in=center_ids, month__range=(start, end)).delete()
    EmployerMonth.objects.bulk_create(
        [
            EmployerMonth(
                center_id=row["center_id"],
                employer_id=row["job__employer_id"],
                month=_as_date(row["month"]),
                placements=row["n"],
            )
            for row in employers
        ],
        batch_size=5000,
    )


def _years_rebuild(center_ids: list[int], first: int, last: int) -> None:
    """Recompute WorkerYear and EmployerYear rows as the sums of their month rows."""
    for year in range(first, last + 1):
        months = (date(year, 1, 1), date(year, 12, 1))
        workers = (
            WorkerMonth.objects.filter(center_id__in=center_ids, month__range=months)
            .values("center_id", "worker_id")
            .annotate(days=Sum("signin_days"), jobs=Sum("dispatches"))
        )
        WorkerYear.objects.filter(center_id__in=center_ids, year=year).delete()
        WorkerYear.objects.bulk_create(
            [
                WorkerYear(
                    center_id=row["center_id"],
                    worker_id=row["worker_id"],
                    year=year,
                    signin_days=row["days"],
                    dispatches=row["jobs"],
                )
                for row in workers
            ],
            batch_size=5000,
        )
        employers = (
            EmployerMonth.objects.filter(center_id__in=center_ids, month__range=months)
            .values("center_id", "employer_id")
            .annotate(n=Sum("placements"))
        )
        EmployerYear.objects.filter(center_id__in=center_ids, year=year).delete()
        EmployerYear.objects.bulk_create(
            [
                EmployerYear(
                    center_id=row["center_id"],
                    employer_id=row["employer_id"],
                    year=year,
                    placements=row["n"],
                )
                for row in employers
            ],
            batch_size=5000,
        )


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
