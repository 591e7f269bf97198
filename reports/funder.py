"""The monthly funder and city report: what funders and cities ask a center for.

Read-only aggregates over the raw tables, a few queries per month whatever the number of
rows. Month by month: unduplicated workers served (signed in, dispatched or at an
activity), new members, dispatches and worker-days, hours and wages, ESL hours, trainings
completed, wage claims opened and money recovered; over the whole range the workers served
are counted once. Where the center asks for them, the voluntary demographics of the workers
served, as counts only. ``reports.presenters`` hides the small counts for board members.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Aggregate, Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth

from centers.models import Center
from dispatch.models import LIVE_STATES, Assignment, SignIn
from reports.stats import month_end, month_start
from wages.models import ClaimEvent, WageClaim
from workers.models import Activity, Attendance, Demographics, Worker
from workers.selectors import activity_hours, certificates_issued

#: The figures of each month, in the order the report shows them.
FIGURES = [
    "workers_served",
    "new_members",
    "dispatches",
    "worker_days",
    "hours",
    "wages",
    "esl_hours",
    "trainings_completed",
    "claims_opened",
    "recovered",
]
#: The demographic questions a center may ask, in the order the report shows them.
QUESTIONS = list(Demographics.QUESTIONS)


@dataclass
class FunderReport:
    center: Center
    start: date  # the first day of the first month
    end: date  # the last day of the last month
    months: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    #: question → [(answer code, count)] over the workers served; None: the center does not ask.
    demographics: dict[str, list[tuple[str, int]]] | None = None


def month_range(start: date, end: date) -> tuple[date, date]:
    """Whole months: from the first day of ``start``'s month to the last of ``end``'s."""
    return month_start(start), month_end(end)


def _months(start: date, end: date) -> list[date]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = month_end(month) + timedelta(days=1)
    return months


def _month(value: date | datetime) -> date:
    return (value.date() if isinstance(value, datetime) else value).replace(day=1)


def funder_report(*, center: Center, start: date, end: date) -> FunderReport:
    start, end = month_range(start, end)
    months = _months(start, end)
    rows: dict[date, dict[str, Any]] = {
        m: {"month": m, **dict.fromkeys(FIGURES, 0), "esl_attendances": 0} for m in months
    }
    tz = center.tz
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)

    served: dict[date, set[int]] = defaultdict(set)
    live = Assignment.objects.filter(center=center, date__range=(start, end), state__in=LIVE_STATES)
    sources = [
        SignIn.objects.filter(center=center, date__range=(start, end)),
        live,
        Attendance.objects.filter(center=center, activity__date__range=(start, end)).annotate(
            date=F("activity__date")
        ),
    ]
    for queryset in sources:
        for day, worker_id in queryset.values_list("date", "worker_id").distinct():
            served[_month(day)].add(worker_id)
    for month, workers in served.items():
        rows[month]["workers_served"] = len(workers)

    for day, _worker in live.values_list("date", "worker_id").distinct():
        rows[_month(day)]["worker_days"] += 1
    for sums in (
        live.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"), hours=Sum("hours_worked"), wages=Sum("amount_paid"))
    ):
        target = rows[_month(sums["month"])]
        target["dispatches"] = sums["n"]
        target["hours"] = sums["hours"] or Decimal("0")
        target["wages"] = sums["wages"] or Decimal("0")

    members = Worker.objects.filter(center=center, created_at__gte=since, created_at__lt=until)
    for month, n in _per_month(members, "created_at", Count("pk"), tz):
        rows[month]["new_members"] = n
    claims = WageClaim.objects.filter(
        center=center, opened_at__gte=since, opened_at__lt=until
    ).exclude(status=WageClaim.Status.DRAFT)
    for month, n in _per_month(claims, "opened_at", Count("pk"), tz):
        rows[month]["claims_opened"] = n
    payments = ClaimEvent.objects.filter(
        claim__center=center, kind=ClaimEvent.Kind.PAYMENT, at__gte=since, at__lt=until
    )
    for month, amount in _per_month(payments, "at", Sum("amount"), tz):
        rows[month]["recovered"] = amount or Decimal("0")
    esl = Attendance.objects.filter(
        center=center, activity__kind=Activity.Kind.ESL, activity__date__range=(start, end)
    )
    for month, n in _per_month(esl, "activity__date", Count("pk")):
        rows[month]["esl_attendances"] = n
    for month in months:
        last = month_end(month)
        rows[month]["esl_hours"] = activity_hours(
            center=center, start=month, end=last, kind=Activity.Kind.ESL
        )
        rows[month]["trainings_completed"] = certificates_issued(
            center=center, start=month, end=last
        ).certificates

    ordered = [rows[m] for m in months]
    everyone = set().union(*served.values()) if served else set()
    totals: dict[str, Any] = {
        name: sum((row[name] for row in ordered), Decimal("0") if _is_amount(name) else 0)
        for name in [*FIGURES, "esl_attendances"]
    }
    totals["workers_served"] = len(everyone)
    report = FunderReport(center=center, start=start, end=end, months=ordered, totals=totals)
    if center.demographics_enabled:
        report.demographics = _demographics(everyone)
    return report


def _per_month(
    queryset: QuerySet[Any], field: str, value: Aggregate, tz: tzinfo | None = None
) -> list[tuple[date, Any]]:
    """``value`` for each month of ``field`` (a timestamp's month at the center: ``tz``)."""
    rows = (
        queryset.annotate(month=TruncMonth(field, tzinfo=tz))
        .values("month")
        .annotate(value=value)
        .values_list("month", "value")
    )
    return [(_month(month), total) for month, total in rows]


def _is_amount(name: str) -> bool:
    return name in {"hours", "wages", "esl_hours", "recovered"}


def _demographics(workers: set[int]) -> dict[str, list[tuple[str, int]]]:
    """Each question's answers among ``workers``, as counts; a worker who never answered
    counts as "prefer not to say"."""
    answers: dict[str, dict[str, int]] = {
        question: dict.fromkeys(_codes(question), 0) for question in QUESTIONS
    }
    counted = 0
    # Chunked: a year's workers served may be thousands of ids.
    ids = sorted(workers)
    for offset in range(0, len(ids), 2000):
        chunk = ids[offset : offset + 2000]
        for row in Demographics.objects.filter(worker_id__in=chunk).values(*QUESTIONS):
            counted += 1
            for question in QUESTIONS:
                answers[question][row[question]] += 1
    for question in QUESTIONS:
        answers[question][Demographics.PREFER_NOT] += len(workers) - counted
    return {question: list(answers[question].items()) for question in QUESTIONS}


def _codes(question: str) -> list[str]:
    return [str(code) for code in Demographics.QUESTIONS[question].values]


def demographic_labels(question: str) -> tuple[str, dict[str, str]]:
    """The question's name and its answers' labels, in the active language."""
    found = Demographics._meta.get_field(question)
    name = found.verbose_name if isinstance(found, models.Field) else question
    answers = Demographics.QUESTIONS[question].choices
    return str(name), {str(code): str(label) for code, label in answers}
