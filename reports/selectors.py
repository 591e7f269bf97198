"""The board report's numbers. Read-only: every query is an aggregate.

``report_summary`` answers from the summary rows (``DailyStats``, ``WorkerMonth``,
``EmployerMonth``; see ``reports/stats.py``) and the raw tables only for the days of a
month the range cuts in part. ``report_from_raw`` computes the same report straight from
the raw tables: the benchmark's baseline and the tests' cross-check.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from centers.models import Center
from dispatch.models import LIVE_STATES, Assignment, DispatchDecision, SignIn
from employers.models import Job
from reports.models import (
    DailyStats,
    EmployerMonth,
    EmployerYear,
    NetworkDailyStats,
    WorkerMonth,
    WorkerYear,
)
from reports.stats import STAT_FIELDS, daily_numbers, month_end, month_start
from workers.models import DuesPayment

from .fairness import decile_shares, gini
from .simulate import Day, replay

#: Per-day series drawn on the charts and listed in the daily table.
DAILY_FIELDS = ["signins", "dispatched", "placements", "hours", "wages"]
#: The fairness page replays at most this many of the range's last days under each mode.
SIMULATION_DAYS = 120


@dataclass
class Report:
    start: date
    end: date
    center: Center | None  # None: the whole network
    totals: dict[str, Any] = field(default_factory=dict)
    daily: list[dict[str, Any]] = field(default_factory=list)
    deciles: list[float] = field(default_factory=list)


def report_summary(*, center: Center | None, start: date, end: date) -> Report:
    """Three queries whatever the range: the day rows, the workers, the employers."""
    days = (
        NetworkDailyStats.objects.all()
        if center is None
        else DailyStats.objects.filter(center=center)
    )
    rows = list(
        days.filter(date__range=(start, end)).order_by("date").values_list("date", *STAT_FIELDS)
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(STAT_FIELDS) + 1)
    sums: dict[str, Any] = {name: sum(columns[i + 1]) for i, name in enumerate(STAT_FIELDS)}
    sums["idle_workers"] = rows[-1][1 + STAT_FIELDS.index("idle_workers")] if rows else 0
    wanted = [0] + [1 + STAT_FIELDS.index(name) for name in DAILY_FIELDS]
    daily = [
        dict(zip(("date", *DAILY_FIELDS), (row[i] for i in wanted), strict=True))
        for row in rows
        if any(row[i] for i in wanted[1:])
    ]
    ids = None if center is None else [center.pk]
    hist = _worker_histogram(ids, start, end, summary=True)
    served = _employers_served(ids, start, end, summary=True)
    return _report(center, start, end, sums, daily, hist, served)


def report_from_raw(*, center: Center | None, start: date, end: date) -> Report:
    ids = [center.pk] if center is not None else list(Center.objects.values_list("pk", flat=True))
    rows = daily_numbers(center_ids=ids, start=start, end=end, idle_days=[end])
    sums: dict[str, Any] = defaultdict(int)
    per_day: dict[date, dict[str, Any]] = {}
    for (_center_id, day), values in rows.items():
        for name in STAT_FIELDS:
            sums[name] += values[name]
        if any(values[name] for name in DAILY_FIELDS):
            target = per_day.setdefault(day, {"date": day, **dict.fromkeys(DAILY_FIELDS, 0)})
            for name in DAILY_FIELDS:
                target[name] += values[name]
    daily = [per_day[day] for day in sorted(per_day)]
    scope = None if center is None else ids
    hist = _worker_histogram(scope, start, end, summary=False)
    served = _employers_served(scope, start, end, summary=False)
    return _report(center, start, end, dict(sums), daily, hist, served)


def _report(
    center: Center | None,
    start: date,
    end: date,
    sums: dict[str, Any],
    daily: list[dict[str, Any]],
    hist: dict[int, int],
    served: int,
) -> Report:
    s = {name: (sums.get(name) or 0) for name in STAT_FIELDS}
    totals: dict[str, Any] = {
        "signins": s["signins"],
        "days": len([row for row in daily if row["signins"]]),
        "unique_workers": sum(hist.values()),
        "dispatched": s["dispatched"],
        "dispatch_rate": _ratio(s["dispatched"], s["signins"]),
        "jobs": s["jobs"],
        "placements": s["placements"],
        "workers_placed": sum(n for jobs, n in hist.items() if jobs > 0),
        "hours": Decimal(s["hours"]),
        "wages": Decimal(s["wages"]).quantize(Decimal("0.01")),
        "mean_hourly_wage": _money_ratio(s["paid_amount"], s["paid_hours"]),
        "mean_wage_floor": _money_ratio(s["floor_amount"], s["paid_hours"]),
        "employers_served": served,
        "employers_new": s["new_employers"],
        "employers_repeat": max(served - s["new_employers"], 0),
        "idle_workers": s["idle_workers"],
        "claims_opened": s["claims_opened"],
        "claims_resolved": s["claims_resolved"],
        "owed": Decimal(s["owed"]).quantize(Decimal("0.01")),
        "recovered": Decimal(s["recovered"]).quantize(Decimal("0.01")),
        "sms_sent": s["sms_sent"],
        "sms_segments": s["sms_segments"],
        "sms_cost": Decimal(s["sms_cost"]).quantize(Decimal("0.01")),
        "gini": round(gini(hist), 4),
        # What the Gini coefficient and the deciles are computed from (not shown itself).
        "dispatches_counted": sum(jobs * n for jobs, n in hist.items()),
    }
    return Report(
        start=start,
        end=end,
        center=center,
        totals=totals,
        daily=daily,
        deciles=[round(share, 4) for share in decile_shares(hist)],
    )


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _money_ratio(amount: Any, hours: Any) -> Decimal | None:
    if not hours:
        return None
    return (Decimal(amount) / Decimal(hours)).quantize(Decimal("0.01"))


# --- distinct counts over a range: whole months from month rows, the rest raw ---------


def split_months(
    start: date, end: date
) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The whole calendar months inside ``start``..``end`` (as first-days), and the day
    ranges left over at either end."""
    first = start if start.day == 1 else month_end(start) + timedelta(days=1)
    last = month_start(end) if end == month_end(end) else month_start(end) - timedelta(days=1)
    last = month_start(last)
    if first > end or last < first:
        return None, [(start, end)]
    rest = []
    if start < first:
        rest.append((start, first - timedelta(days=1)))
    if month_end(last) < end:
        rest.append((month_end(last) + timedelta(days=1), end))
    return (first, last), rest


@dataclass
class Pieces:
    """A range cut into whole calendar years, whole months and loose days."""

    years: tuple[int, int] | None = None
    months: list[tuple[date, date]] = field(default_factory=list)
    days: list[tuple[date, date]] = field(default_factory=list)


def split_range(start: date, end: date) -> Pieces:
    first = start.year if start == date(start.year, 1, 1) else start.year + 1
    last = end.year if end == date(end.year, 12, 31) else end.year - 1
    pieces = Pieces()
    edges = [(start, end)]
    if first <= last:
        pieces.years = (first, last)
        edges = [
            (start, date(first, 1, 1) - timedelta(days=1)),
            (date(last, 12, 31) + timedelta(days=1), end),
        ]
    for low, high in edges:
        if low > high:
            continue
        months, days = split_months(low, high)
        if months:
            pieces.months.append(months)
        pieces.days += days
    return pieces


def _table(model: Any) -> str:
    """A model's quoted table name: the only text put into the SQL here besides
    placeholders and the fixed list of live states (hence the S608 waivers)."""
    return connection.ops.quote_name(model._meta.db_table)


def _where(ids: list[int] | None, column: str = "center_id") -> tuple[str, list[Any]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _d(day: date) -> Any:
    return day if connection.vendor == "postgresql" else day.isoformat()


def _parts(
    ids: list[int] | None,
    start: date,
    end: date,
    summary: bool,
    tables: tuple[str, str],
    raw: Any,
) -> tuple[list[str], list[Any], bool]:
    """SQL pieces whose union lists (subject, numbers) rows for the range; the flag says
    each subject appears at most once (a single year or month), so no regrouping is needed."""
    pieces = split_range(start, end) if summary else Pieces(days=[(start, end)])
    year_sql, month_sql = tables
    where, where_params = _where(ids)
    parts: list[str] = []
    params: list[Any] = []
    if pieces.years:
        parts.append(year_sql + " WHERE year BETWEEN %s AND %s" + where)
        params += [*pieces.years, *where_params]
    for low, high in pieces.months:
        parts.append(month_sql + " WHERE month BETWEEN %s AND %s" + where)
        params += [_d(low), _d(high), *where_params]
    for low, high in pieces.days:
        for sql, sql_params in raw(low, high):
            parts.append(sql)
            params += sql_params
    single = (
        len(parts) == 1
        and not pieces.days
        and (
            (pieces.years is not None and pieces.years[0] == pieces.years[1])
            or (len(pieces.months) == 1 and pieces.months[0][0] == pieces.months[0][1])
        )
    )
    return parts, params, single


def _worker_histogram(
    ids: list[int] | None, start: date, end: date, summary: bool
) -> dict[int, int]:
    """``{dispatches: workers}`` over the workers who signed in during the range."""
    states = ", ".join(f"'{state}'" for state in LIVE_STATES)

    def raw(low: date, high: date) -> list[tuple[str, list[Any]]]:
        where, where_params = _where(ids)
        dates = [_d(low), _d(high)]
        return [
            (
                f"SELECT worker_id, 1 AS days, 0 AS jobs FROM {_table(SignIn)}"  # noqa: S608
                f" WHERE date BETWEEN %s AND %s{where}",
                dates + where_params,
            ),
            (
                f"SELECT worker_id, 0 AS days, 1 AS jobs FROM {_table(Assignment)}"  # noqa: S608
                f" WHERE state IN ({states}) AND date BETWEEN %s AND %s{where}",
                dates + where_params,
            ),
        ]

    columns = "SELECT worker_id, signin_days AS days, dispatches AS jobs FROM "
    parts, params, single = _parts(
        ids, start, end, summary, (columns + _table(WorkerYear), columns + _table(WorkerMonth)), raw
    )
    if single:
        sql = f"SELECT jobs, COUNT(*) FROM ({parts[0]}) u WHERE days > 0 GROUP BY jobs"  # noqa: S608
    else:
        sql = (
            "SELECT jobs, COUNT(*) FROM (SELECT worker_id, SUM(days) AS days, SUM(jobs) AS jobs"  # noqa: S608
            f" FROM ({' UNION ALL '.join(parts)}) u GROUP BY worker_id) w"
            " WHERE days > 0 GROUP BY jobs"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(jobs): int(n) for jobs, n in cursor.fetchall()}


def _employers_served(ids: list[int] | None, start: date, end: date, summary: bool) -> int:
    states = ", ".join(f"'{state}'" for state in LIVE_STATES)

    def raw(low: date, high: date) -> list[tuple[str, list[Any]]]:
        where, where_params = _where(ids, "a.center_id")
        return [
            (
                f"SELECT j.employer_id FROM {_table(Assignment)} a"  # noqa: S608
                f" JOIN {_table(Job)} j ON j.id = a.job_id"
                f" WHERE a.state IN ({states}) AND a.date BETWEEN %s AND %s{where}",
                [_d(low), _d(high), *where_params],
            )
        ]

    columns = "SELECT employer_id FROM "
    parts, params, single = _parts(
        ids,
        start,
        end,
        summary,
        (columns + _table(EmployerYear), columns + _table(EmployerMonth)),
        raw,
    )
    counted = "COUNT(*)" if single else "COUNT(DISTINCT employer_id)"
    sql = f"SELECT {counted} FROM ({' UNION ALL '.join(parts)}) u"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


# --- the fairness page ------------------------------------------------------------------


def fairness_trend(*, center: Center | None, start: date, end: date) -> list[dict[str, Any]]:
    """Gini coefficient of dispatches among each month's active workers, month by month."""
    rows = WorkerMonth.objects.filter(
        month__range=(month_start(start), month_start(end)), signin_days__gt=0
    )
    if center is not None:
        rows = rows.filter(center=center)
    per_month: dict[date, dict[int, int]] = defaultdict(dict)
    for row in rows.values("month", "dispatches").annotate(n=Count("pk")).order_by():
        per_month[row["month"]][row["dispatches"]] = row["n"]
    return [
        {
            "month": month,
            "active": sum(hist.values()),
            "dispatches": sum(jobs * n for jobs, n in hist.items()),
            "gini": round(gini(hist), 4),
        }
        for month, hist in sorted(per_month.items())
    ]


def out_of_turn_by_month(*, center: Center | None, start: date, end: date) -> list[dict[str, Any]]:
    """Assignments the desk made out of turn, month by month and per reason given: one
    aggregate query; a month appears when it has at least one."""
    rows = DispatchDecision.objects.filter(
        date__range=(start, end), outcome=DispatchDecision.Outcome.CHOSEN
    ).exclude(out_of_turn="")
    if center is not None:
        rows = rows.filter(center=center)
    per_month: dict[date, dict[str, int]] = defaultdict(dict)
    for row in (
        rows.annotate(month=TruncMonth("date"))
        .values("month", "out_of_turn_reason")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_month[row["month"]][row["out_of_turn_reason"]] = row["n"]
    reasons = DispatchDecision.OutOfTurnReason.values
    return [
        {
            "month": month,
            "total": sum(counts.values()),
            "reasons": [counts.get(code, 0) for code in reasons],
        }
        for month, counts in sorted(per_month.items())
    ]


def lottery_comparison(
    *, center: Center, start: date, end: date, days: int = SIMULATION_DAYS
) -> tuple[int, list[dict[str, Any]]]:
    """The range's last ``days`` days replayed under each lottery mode (reports/simulate.py):
    how many days were replayed, and per mode the Gini coefficient and extremes."""
    since = max(start, end - timedelta(days=days - 1))
    history = [Day(*row) for row in _signin_history(center=center, start=since, end=end)]
    outcomes = replay(history, salt=center.slug)
    return len(history), [
        {
            "mode": outcome.mode,
            "label": Center.LotteryMode(outcome.mode).label,
            "in_use": outcome.mode == center.lottery_mode,
            "gini": outcome.gini,
            "most": outcome.most,
            "without": outcome.without,
        }
        for outcome in outcomes
    ]


def _signin_history(
    *, center: Center, start: date, end: date
) -> list[tuple[date, tuple[int, ...], int]]:
    """Each day's signed-in workers and how many of them got a job, for a replay."""
    workers: dict[date, list[int]] = defaultdict(list)
    for day, worker_id in (
        SignIn.objects.filter(center=center, date__range=(start, end))
        .order_by("date", "worker_id")
        .values_list("date", "worker_id")
    ):
        workers[day].append(worker_id)
    jobs = dict(
        DailyStats.objects.filter(center=center, date__range=(start, end)).values_list(
            "date", "dispatched"
        )
    )
    return [(day, tuple(ids), jobs.get(day, 0)) for day, ids in sorted(workers.items())]


def dues_by_month(*, center: Center | None, start: date, end: date) -> list[dict[str, Any]]:
    """Membership dues collected month by month (by the day paid): the members who paid
    and the dollars; waived and carried-over payments ($0) collect nothing. One query."""
    rows = DuesPayment.objects.filter(paid_on__range=(start, end), amount__gt=0)
    if center is not None:
        rows = rows.filter(center=center)
    return [
        {"month": row["month"], "members": row["members"], "amount": row["amount"]}
        for row in rows.annotate(month=TruncMonth("paid_on"))
        .values("month")
        .annotate(members=Count("worker", distinct=True), amount=Sum("amount"))
        .order_by("month")
    ]
