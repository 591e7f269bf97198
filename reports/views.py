"""Board report pages: the report with charts, its CSV tables, and the fairness page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from centers.scoping import NETWORK_ADMIN, REPORT_ROLES
from sms.selectors import usage_by_month

from . import presenters
from .funder import FunderReport, funder_report
from .presenters import ReportError
from .selectors import Report, fairness_trend, lottery_comparison, report_summary


def _report(request: Any) -> tuple[Report | None, str | None, bool]:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.center is None or request.role not in REPORT_ROLES:
        raise PermissionDenied
    try:
        network = presenters.wants_network(request.GET, request.role)
        start, end = presenters.parse_range(request.GET, request.center.today())
    except ReportError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        return None, str(error), False
    center = None if network else request.center
    return report_summary(center=center, start=start, end=end), None, network


def report_page(request: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    report, error, network = _report(request)
    suppress = presenters.suppresses(request.role)
    context: dict[str, Any] = {
        "error": error,
        "network": network,
        "can_see_network": request.role == NETWORK_ADMIN,
        "suppress": suppress,
        "query": request.GET.urlencode(),
    }
    if report is not None:
        context.update(
            report=report,
            totals=presenters.totals_rows(report, suppress),
            daily=presenters.daily_rows(report, suppress),
            chart=presenters.as_json(report, suppress),
            deciles=list(enumerate(presenters.shown_deciles(report, suppress), start=1)),
            gini=presenters.shown_totals(report, suppress)["gini"],
            dues=presenters.dues_rows(report, suppress),
            usage=usage_by_month(center=report.center, start=report.start, end=report.end),
        )
    return render(request, "reports/report_page.html", context, status=400 if error else 200)


def report_csv(request: Any, table: str) -> HttpResponse:
    report, error, _network = _report(request)
    if report is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    try:
        text = presenters.csv_text(table, report, presenters.suppresses(request.role))
    except ReportError:
        return HttpResponse(_("There is no such table."), status=404)
    scope = "network" if report.center is None else report.center.slug
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="jornada-{scope}-{table}-{report.start}-{report.end}.csv"'
    )
    return response


def fairness_page(request: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    report, error, network = _report(request)
    context: dict[str, Any] = {"error": error, "network": network, "query": request.GET.urlencode()}
    suppress = presenters.suppresses(request.role)
    if report is not None:
        trend = presenters.trend_rows(
            fairness_trend(center=report.center, start=report.start, end=report.end), suppress
        )
        deciles = presenters.shown_deciles(report, suppress)
        context.update(
            report=report,
            trend=trend,
            chart={"trend": presenters.as_plain(trend), "deciles": deciles},
            deciles=list(enumerate(deciles, start=1)),
            gini=presenters.shown_totals(report, suppress)["gini"],
            out_of_turn_headers=presenters.out_of_turn_headers(),
            out_of_turn=presenters.out_of_turn_rows(report, suppress),
            can_see_network=request.role == NETWORK_ADMIN,
        )
        if report.center is not None:
            days, rows = lottery_comparison(
                center=report.center, start=report.start, end=report.end
            )
            context["simulation_days"] = days
            context["simulation"] = presenters.simulation_rows(rows, suppress)
    return render(request, "reports/fairness_page.html", context, status=400 if error else 200)


def _funder(request: Any) -> tuple[FunderReport | None, str | None]:
    """The funder report of the user's center for whole months (default: the last 12)."""
    if request.center is None or request.role not in REPORT_ROLES:
        raise PermissionDenied
    today = request.center.today()
    try:
        start, end = presenters.parse_range(request.GET, today)
    except ReportError as error:
        return None, str(error)
    return funder_report(center=request.center, start=start, end=end), None


def funder_page(request: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    report, error = _funder(request)
    suppress = presenters.suppresses(request.role)
    context: dict[str, Any] = {
        "error": error,
        "suppress": suppress,
        "query": request.GET.urlencode(),
    }
    if report is not None:
        months, total = presenters.funder_rows(report, suppress)
        context.update(
            report=report,
            columns=presenters.FUNDER_COLUMNS,
            months=[
                {
                    "month": row["month"],
                    "cells": [(row[k], kind) for k, _l, kind in presenters.FUNDER_COLUMNS],
                }
                for row in months
            ],
            total=[(total[k], kind) for k, _l, kind in presenters.FUNDER_COLUMNS],
            demographics=presenters.demographics_rows(report, suppress),
        )
    return render(request, "reports/funder_page.html", context, status=400 if error else 200)


def funder_csv(request: Any, table: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    report, error = _funder(request)
    if report is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    try:
        text = presenters.funder_csv(report, presenters.suppresses(request.role), table)
    except ReportError:
        return HttpResponse(_("There is no such table."), status=404)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="jornada-{report.center.slug}-funder-{table}-'
        f'{report.start}-{report.end}.csv"'
    )
    return response
