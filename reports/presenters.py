"""What a report looks like to its reader: labels, order, small-count suppression, CSV.

Board members see aggregates only, every count under SUPPRESS_BELOW as "<5", and nothing
from which such a count could be computed again (the rule is below, ``shown_totals``).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from centers.errors import ApplicationError
from centers.inputs import BadInput, parse_date_range
from centers.scoping import NETWORK_ADMIN, Role
from dispatch.models import DispatchDecision

from .funder import QUESTIONS, FunderReport, demographic_labels
from .selectors import (
    Report,
    dues_by_month,
    fairness_trend,
    lottery_comparison,
    out_of_turn_by_month,
)

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
MAX_DAYS = 366 * 5

#: (key, label, kind) in the order the totals table shows them. kind "count" is suppressed.
TOTALS = [
    ("signins", _("Sign-ins"), "count"),
    ("days", _("Days open"), "number"),
    ("unique_workers", _("Unique workers"), "count"),
    ("dispatch_rate", _("Dispatch rate"), "percent"),
    ("jobs", _("Jobs placed"), "count"),
    ("placements", _("Placements (worker-jobs)"), "count"),
    ("workers_placed", _("Workers placed"), "count"),
    ("hours", _("Hours worked"), "number"),
    ("wages", _("Wages paid"), "money"),
    ("mean_hourly_wage", _("Mean hourly wage"), "money"),
    ("mean_wage_floor", _("Wage floor (same hours)"), "money"),
    ("employers_served", _("Employers served"), "count"),
    ("employers_new", _("New employers"), "count"),
    ("employers_repeat", _("Repeat employers"), "count"),
    ("idle_workers", _("Signed in 10+ days, no job in 30"), "count"),
    ("claims_opened", _("Wage claims opened"), "count"),
    ("claims_resolved", _("Wage claims resolved"), "count"),
    ("owed", _("Amount owed (claims opened)"), "claim_money"),
    ("recovered", _("Amount recovered"), "claim_money"),
    ("sms_sent", _("Text messages sent"), "count"),
    ("sms_segments", _("Text message segments"), "count"),
    ("sms_cost", _("Text message cost"), "money"),
    ("gini", _("Gini coefficient of dispatches"), "ratio"),
]
DAILY_COLUMNS = [
    ("date", _("Date")),
    ("signins", _("Sign-ins")),
    ("dispatched", _("Dispatched")),
    ("placements", _("Placements")),
    ("hours", _("Hours")),
    ("wages", _("Wages paid")),
]
DAILY_COUNTS = {"signins", "dispatched", "placements"}


class ReportError(ApplicationError):
    code = "invalid_report"


def parse_range(params: Any, today: date) -> tuple[date, date]:
    """``start``/``end`` from the query string; the default is the last 12 months."""
    default_start = (today.replace(day=1) - timedelta(days=334)).replace(day=1)
    try:
        return parse_date_range(
            params.get("start"),
            params.get("end"),
            default_start=default_start,
            default_end=today,
            max_days=MAX_DAYS,
            too_long=str(_("A report covers at most five years.")),
        )
    except BadInput as error:
        raise ReportError(error.message, field=error.field) from None


def wants_network(params: Any, role: str | None) -> bool:
    """The whole network was asked for; only network admins may have it."""
    if params.get("scope") != "network":
        return False
    if role != NETWORK_ADMIN:
        raise ReportError(_("Only network admins can see the whole network."), code="forbidden")
    return True


def suppresses(role: str | None) -> bool:
    return role == Role.BOARD


# --- the one suppression rule -------------------------------------------------------------
#
# A count under SUPPRESS_BELOW is shown as "<5". That is not enough by itself: a figure
# computed from a hidden count gives it back (46 sign-ins × a rate of 0.087 = 4 dispatched),
# and so does a total minus its shown parts. So, for every output (page, CSV, API):
#
# 1. a count under SUPPRESS_BELOW is hidden ("primary");
# 2. a figure computed from counts (a rate, a mean, a sum of money, a cost, the Gini
#    coefficient) is hidden when any of those counts is (DERIVED);
# 3. in a set of parts that add up to a known total (new + repeat employers = employers
#    served; the days of the daily table; the ten deciles, whose shares add up to 1) the
#    smallest other parts are hidden too until the hidden parts are at least two and add
#    up to SUPPRESS_BELOW or more ("complementary"): the total minus the shown parts then
#    gives a sum no hidden count can equal;
# 4. a decile's share is a count once multiplied by the dispatches it shares out, so each
#    share is treated as that count.

#: Figures computed from counts, and the counts they are computed from. ``dispatched`` and
#: ``dispatches_counted`` are not shown, but are counts all the same.
DERIVED = {
    "dispatch_rate": ("dispatched", "signins"),
    "hours": ("placements",),
    "wages": ("placements",),
    "mean_hourly_wage": ("placements",),
    "mean_wage_floor": ("placements",),
    "owed": ("claims_opened",),
    "recovered": ("claims_opened", "claims_resolved"),
    "sms_cost": ("sms_segments",),
    "gini": ("unique_workers", "dispatches_counted"),
}
#: A total and the counts that add up to it.
PARTS = {"employers_served": ("employers_new", "employers_repeat")}
HIDDEN_COUNTS = ("dispatched", "dispatches_counted")
#: The daily table's figures computed from a day's counts.
DAILY_DERIVED = {"hours": "placements", "wages": "placements"}


def count(value: Any, suppress: bool) -> Any:
    if suppress and isinstance(value, int) and value < SUPPRESS_BELOW:
        return SUPPRESSED
    return value


def hidden_parts(values: list[Any]) -> set[int]:
    """Which of a set of counts that add up to a known total to hide: every one under
    SUPPRESS_BELOW, then the smallest others until the hidden ones are at least two and
    add up to SUPPRESS_BELOW or more (or all are hidden)."""
    hidden = {i for i, value in enumerate(values) if value < SUPPRESS_BELOW}
    if not hidden:
        return hidden
    rest = sorted((value, i) for i, value in enumerate(values) if i not in hidden)
    while rest and (len(hidden) < 2 or sum(values[i] for i in hidden) < SUPPRESS_BELOW):
        hidden.add(rest.pop(0)[1])
    return hidden


def shown_totals(report: Report, suppress: bool) -> dict[str, Any]:
    """The report's totals as a reader may see them."""
    t = report.totals
    kinds = {key: kind for key, _label, kind in TOTALS}
    if not suppress:
        return {key: t[key] for key in kinds}
    counts = [key for key, kind in kinds.items() if kind == "count"] + list(HIDDEN_COUNTS)
    hidden = {key for key in counts if t[key] < SUPPRESS_BELOW}
    for total, parts in PARTS.items():
        if total not in hidden:
            hidden |= {parts[i] for i in hidden_parts([t[part] for part in parts])}
    hidden |= {key for key, sources in DERIVED.items() if hidden.intersection(sources)}
    return {key: SUPPRESSED if key in hidden else t[key] for key in kinds}


def totals_rows(report: Report, suppress: bool) -> list[dict[str, Any]]:
    shown = shown_totals(report, suppress)
    return [
        {"key": key, "label": label, "kind": kind, "value": shown[key]}
        for key, label, kind in TOTALS
    ]


def daily_rows(report: Report, suppress: bool) -> list[dict[str, Any]]:
    rows = [dict(row) for row in report.daily]
    if not suppress:
        return rows
    hidden = {column: hidden_parts([row[column] for row in rows]) for column in DAILY_COUNTS}
    for column, source in DAILY_DERIVED.items():
        hidden[column] = hidden[source]
    for column, indexes in hidden.items():
        for i in indexes:
            rows[i][column] = SUPPRESSED
    return rows


def shown_deciles(report: Report, suppress: bool) -> list[Any]:
    """Each decile's share of the dispatches, hidden where the dispatches it stands for
    (share × dispatches counted) would be a hidden count."""
    shares = list(report.deciles)
    if not suppress:
        return shares
    total = report.totals.get("dispatches_counted", 0)
    if total < SUPPRESS_BELOW or report.totals["unique_workers"] < SUPPRESS_BELOW:
        return [SUPPRESSED] * len(shares)
    hidden = hidden_parts([round(share * total) for share in shares])
    return [SUPPRESSED if i in hidden else share for i, share in enumerate(shares)]


def trend_rows(trend: list[dict[str, Any]], suppress: bool) -> list[dict[str, Any]]:
    """The fairness trend: a month's Gini coefficient hides with its count of workers or
    of dispatches (as the report's does, ``DERIVED``)."""
    if not suppress:
        return trend
    rows = []
    for row in trend:
        few = min(row["active"], row["dispatches"]) < SUPPRESS_BELOW
        rows.append(
            {
                **row,
                "active": count(row["active"], True),
                "dispatches": count(row["dispatches"], True),
                "gini": SUPPRESSED if few else row["gini"],
            }
        )
    return rows


def simulation_rows(rows: list[dict[str, Any]], suppress: bool) -> list[dict[str, Any]]:
    """The lottery replay: the most jobs one worker got and the workers left without a job
    are counts like any other."""
    return [
        {**row, "most": count(row["most"], suppress), "without": count(row["without"], suppress)}
        for row in rows
    ]


def as_json(report: Report, suppress: bool) -> dict[str, Any]:
    return {
        "center": report.center.slug if report.center else None,
        "start": report.start,
        "end": report.end,
        "suppressed_below": SUPPRESS_BELOW if suppress else None,
        "totals": {row["key"]: _plain(row["value"]) for row in totals_rows(report, suppress)},
        "daily": [{k: _plain(v) for k, v in row.items()} for row in daily_rows(report, suppress)],
        "deciles": shown_deciles(report, suppress),
    }


def as_plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def out_of_turn_headers() -> list[str]:
    return [str(label) for _code, label in DispatchDecision.OutOfTurnReason.choices]


def out_of_turn_rows(report: Report, suppress: bool) -> list[dict[str, Any]]:
    """Out-of-turn assignments per month and reason; a board member sees "<5" for a few."""
    return [
        {
            "month": row["month"],
            "total": count(row["total"], suppress),
            "reasons": [count(n, suppress) for n in row["reasons"]],
        }
        for row in out_of_turn_by_month(center=report.center, start=report.start, end=report.end)
    ]


def dues_rows(report: Report, suppress: bool) -> list[dict[str, Any]]:
    """Dues collected per month; for a board member a month with fewer than five paying
    members shows "<5" and hides its dollars (a sum computed from a hidden count)."""
    rows = []
    for row in dues_by_month(center=report.center, start=report.start, end=report.end):
        members = count(row["members"], suppress)
        hidden = members == SUPPRESSED
        rows.append(
            {
                "month": row["month"],
                "members": members,
                "amount": SUPPRESSED if hidden else row["amount"],
            }
        )
    return rows


def csv_text(table: str, report: Report, suppress: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if table == "totals":
        writer.writerow([str(_("Measure")), str(_("Value"))])
        for row in totals_rows(report, suppress):
            writer.writerow([str(row["label"]), _plain(row["value"])])
    elif table == "daily":
        writer.writerow([str(label) for _key, label in DAILY_COLUMNS])
        for row in daily_rows(report, suppress):
            writer.writerow([_plain(row[key]) for key, _label in DAILY_COLUMNS])
    elif table == "trend":
        writer.writerow([str(_("Month")), str(_("Active workers")), str(_("Gini coefficient"))])
        trend = fairness_trend(center=report.center, start=report.start, end=report.end)
        for row in trend_rows(trend, suppress):
            writer.writerow([row["month"].strftime("%Y-%m"), row["active"], row["gini"]])
    elif table == "simulation" and report.center is not None:
        writer.writerow(
            [
                str(_("Lottery mode")),
                str(_("Gini coefficient")),
                str(_("Most jobs for one worker")),
                str(_("Workers with no job")),
            ]
        )
        _days, rows = lottery_comparison(center=report.center, start=report.start, end=report.end)
        for row in simulation_rows(rows, suppress):
            writer.writerow([str(row["label"]), row["gini"], row["most"], row["without"]])
    elif table == "out-of-turn":
        writer.writerow([str(_("Month")), str(_("Out of turn")), *out_of_turn_headers()])
        for row in out_of_turn_rows(report, suppress):
            writer.writerow([row["month"].strftime("%Y-%m"), row["total"], *row["reasons"]])
    elif table == "dues":
        writer.writerow([str(_("Month")), str(_("Members who paid")), str(_("Dues collected"))])
        for row in dues_rows(report, suppress):
            writer.writerow([row["month"].strftime("%Y-%m"), row["members"], _plain(row["amount"])])
    elif table == "deciles":
        writer.writerow([str(_("Decile")), str(_("Share of dispatches"))])
        for number, share in enumerate(shown_deciles(report, suppress), start=1):
            writer.writerow([number, share])
    else:
        raise ReportError(_("There is no such table."), code="not_found")
    return out.getvalue()


# --- the funder and city report -----------------------------------------------------------

#: (key, label, kind) of the funder report's columns; kind "count" is suppressed.
FUNDER_COLUMNS = [
    ("workers_served", _("Workers served (unduplicated)"), "count"),
    ("new_members", _("New members"), "count"),
    ("dispatches", _("Dispatches"), "count"),
    ("worker_days", _("Worker-days"), "count"),
    ("hours", _("Hours worked"), "number"),
    ("wages", _("Wages paid"), "money"),
    ("esl_hours", _("ESL class hours"), "number"),
    ("trainings_completed", _("Trainings completed"), "count"),
    ("claims_opened", _("Wage claims opened"), "count"),
    ("recovered", _("Money recovered"), "money"),
]
#: A sum hidden with the count it is a sum over (ESL hours: the attendances at ESL classes).
FUNDER_DERIVED = {
    "hours": "dispatches",
    "wages": "dispatches",
    "esl_hours": "esl_attendances",
    "recovered": "claims_opened",
}
#: Months add up to the range's total for these (workers served are counted once a range).
FUNDER_ADDITIVE = [
    "new_members",
    "dispatches",
    "worker_days",
    "trainings_completed",
    "claims_opened",
    "esl_attendances",
]


def funder_rows(
    report: FunderReport, suppress: bool
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The months and the total row as a reader may see them: under the one suppression
    rule, a month's count under 5 is hidden, and enough other months with it that the
    total gives none back; a sum is hidden with the count it sums over."""
    months = [dict(row) for row in report.months]
    total = dict(report.totals)
    if not suppress:
        return months, total
    for column in FUNDER_ADDITIVE:
        values = [row[column] for row in months]
        hidden = set(range(len(months))) if total[column] < SUPPRESS_BELOW else hidden_parts(values)
        for i in hidden:
            months[i][column] = SUPPRESSED
        if total[column] < SUPPRESS_BELOW:
            total[column] = SUPPRESSED
    for row in [*months, total]:
        if isinstance(row["workers_served"], int) and row["workers_served"] < SUPPRESS_BELOW:
            row["workers_served"] = SUPPRESSED
        for column, source in FUNDER_DERIVED.items():
            if row[source] == SUPPRESSED:
                row[column] = SUPPRESSED
    return months, total


def demographics_rows(report: FunderReport, suppress: bool) -> list[dict[str, Any]]:
    """Each question with its answers' counts among the workers served; the answers add up
    to the workers served, so small ones are hidden with enough others (``hidden_parts``)."""
    if report.demographics is None:
        return []
    served = report.totals["workers_served"]
    out = []
    for question in QUESTIONS:
        title, labels = demographic_labels(question)
        counts = [n for _code, n in report.demographics[question]]
        hidden: set[int] = set()
        if suppress:
            hidden = set(range(len(counts))) if served < SUPPRESS_BELOW else hidden_parts(counts)
        answers = [
            (labels[code], SUPPRESSED if i in hidden else n)
            for i, (code, n) in enumerate(report.demographics[question])
        ]
        out.append({"question": title, "answers": answers})
    return out


def funder_csv(report: FunderReport, suppress: bool, table: str = "months") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    if table == "months":
        months, total = funder_rows(report, suppress)
        writer.writerow([str(_("Month")), *(str(label) for _key, label, _kind in FUNDER_COLUMNS)])
        for row in months:
            writer.writerow(
                [row["month"].strftime("%Y-%m"), *(_plain(row[k]) for k, _l, _c in FUNDER_COLUMNS)]
            )
        writer.writerow([str(_("Total")), *(_plain(total[k]) for k, _l, _c in FUNDER_COLUMNS)])
    elif table == "demographics":
        writer.writerow([str(_("Question")), str(_("Answer")), str(_("Workers"))])
        for block in demographics_rows(report, suppress):
            for label, n in block["answers"]:
                writer.writerow([block["question"], label, n])
    else:
        raise ReportError(_("There is no such table."), code="not_found")
    return out.getvalue()
