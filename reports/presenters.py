"""What a report looks like to its reader: labels, order, small-count suppression, CSV.

Board members see aggregates only, and every count under SUPPRESS_BELOW as "<5"; amounts
of wage claims are hidden when fewer than SUPPRESS_BELOW claims make them up.
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

from .selectors import Report, fairness_trend, lottery_comparison

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


def count(value: Any, suppress: bool) -> Any:
    if suppress and isinstance(value, int) and value < SUPPRESS_BELOW:
        return SUPPRESSED
    return value


def totals_rows(report: Report, suppress: bool) -> list[dict[str, Any]]:
    t = report.totals
    few_claims = suppress and t["claims_opened"] < SUPPRESS_BELOW
    rows = []
    for key, label, kind in TOTALS:
        value = t[key]
        if kind == "count":
            value = count(value, suppress)
        elif kind == "claim_money" and few_claims:
            value = SUPPRESSED
        rows.append({"key": key, "label": label, "kind": kind, "value": value})
    return rows


def daily_rows(report: Report, suppress: bool) -> list[dict[str, Any]]:
    return [
        {k: count(v, suppress) if k in DAILY_COUNTS else v for k, v in row.items()}
        for row in report.daily
    ]


def as_json(report: Report, suppress: bool) -> dict[str, Any]:
    return {
        "center": report.center.slug if report.center else None,
        "start": report.start,
        "end": report.end,
        "suppressed_below": SUPPRESS_BELOW if suppress else None,
        "totals": {row["key"]: _plain(row["value"]) for row in totals_rows(report, suppress)},
        "daily": [{k: _plain(v) for k, v in row.items()} for row in daily_rows(report, suppress)],
        "deciles": report.deciles,
    }


def as_plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


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
        for row in fairness_trend(center=report.center, start=report.start, end=report.end):
            writer.writerow(
                [row["month"].strftime("%Y-%m"), count(row["active"], suppress), row["gini"]]
            )
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
        for row in rows:
            writer.writerow(
                [row["mode"], row["gini"], row["most"], count(row["without"], suppress)]
            )
    elif table == "deciles":
        writer.writerow([str(_("Decile")), str(_("Share of dispatches"))])
        for number, share in enumerate(report.deciles, start=1):
            writer.writerow([number, share])
    else:
        raise ReportError(_("There is no such table."), code="not_found")
    return out.getvalue()
