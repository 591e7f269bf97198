"""The board report's numbers. Read-only: every query is an aggregate.

``report_summary`` answers from the summary rows (``DailyStats``, ``WorkerMonth``,
``EmployerMonth``; see ``dispatch/stats.py``) and the raw tables only for the days of a
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
from django.db.models import Max, Sum

from centers.models import Center
from dispatch.models import (
    Assignment,
    DailyStats,
    EmployerMonth,
    Job,
    SignIn,
    WorkerMonth,
)
from dispatch.stats import STAT_FIELDS, daily_numbers, month_end, month_start

from .fairness import decile_shares, gini

#: Per-day series drawn on the charts and listed in the daily table.
DAILY_FIELDS = ["signins", "dispatched", "placements", "hours", "wages"]
LIVE_STATES = ("active", "completed", "no_show")


@dataclass
class Report:
    start: date
    end: date
    center: Center | None  # None: the whole network
    totals: dict[str, Any] = field(default_factory=dict)
    daily: list[dict[str, Any]] = field(default_factory=list)
    deciles: list[float] = field(default_factory=list)


def report_summary(*, center: Center | None, start: date, end: date) -> Report:
    ids = None if center is None else [center.pk]
    stats = DailyStats.objects.filter(date__range=(start, end))
    if ids is not None:
        stats = stats.filter(center_id__in=ids)
    sums = stats.aggregate(**{name: Sum(name) for name in STAT_FIELDS if name != "idle_workers"})
    daily = [
        row
        for row in stats.values("date")
        .annotate(**{name: Sum(name) for name in DAILY_FIELDS})
        .order_by("date")
        if any(row[name] for name in DAILY_FIELDS)
    ]
    last = stats.aggregate(last=Max("date"))["last"]
    sums["idle_workers"] = (
        stats.filter(date=last).aggregate(n=Sum("idle_workers"))["n"] if last else 0
    )
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


def split_months(start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
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


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _where(ids: list[int] | None, column: str = "center_id") -> tuple[str, list[Any]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _d(day: date) -> Any:
    return day if connection.vendor == "postgresql" else day.isoformat()


def _parts(
    ids: list[int] | None, start: date, end: date, summary: bool, month_sql: str, raw: Any
) -> tuple[list[str], list[Any]]:
    months, rest = split_months(start, end) if summary else (None, [(start, end)])
    parts: list[str] = []
    params: list[Any] = []
    if months:
        where, where_params = _where(ids)
        parts.append(month_sql + " WHERE month BETWEEN %s AND %s" + where)
        params += [_d(months[0]), _d(months[1]), *where_params]
    for low, high in rest:
        for sql, sql_params in raw(low, high):
            parts.append(sql)
            params += sql_params
    return parts, params


def _worker_histogram(ids: list[int] | None, start: date, end: date, summary: bool) -> dict[int, int]:
    """``{dispatches: workers}`` over the workers who signed in during the range."""
    states = ", ".join(f"'{state}'" for state in LIVE_STATES)

    def raw(low: date, high: date) -> list[tuple[str, list[Any]]]:
        where, where_params = _where(ids)
        dates = [_d(low), _d(high)]
        return [
            (
                f"SELECT worker_id, 1 AS days, 0 AS jobs FROM {_table(SignIn)}"
                f" WHERE date BETWEEN %s AND %s{where}",
                dates + where_params,
            ),
            (
                f"SELECT worker_id, 0 AS days, 1 AS jobs FROM {_table(Assignment)}"
                f" WHERE state IN ({states}) AND date BETWEEN %s AND %s{where}",
                dates + where_params,
            ),
        ]

    parts, params = _parts(
        ids,
        start,
        end,
        summary,
        f"SELECT worker_id, signin_days AS days, dispatches AS jobs FROM {_table(WorkerMonth)}",
        raw,
    )
    sql = (
        "SELECT jobs, COUNT(*) FROM (SELECT worker_id, SUM(days) AS days, SUM(jobs) AS jobs"
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
                f"SELECT j.employer_id FROM {_table(Assignment)} a"
                f" JOIN {_table(Job)} j ON j.id = a.job_id"
                f" WHERE a.state IN ({states}) AND a.date BETWEEN %s AND %s{where}",
                [_d(low), _d(high), *where_params],
            )
        ]

    parts, params = _parts(
        ids, start, end, summary, f"SELECT employer_id FROM {_table(EmployerMonth)}", raw
    )
    sql = f"SELECT COUNT(DISTINCT employer_id) FROM ({' UNION ALL '.join(parts)}) u"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])
