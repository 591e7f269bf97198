"""The bounds of a job posting, in one place for the desk, the employer portal and the API.

Pure functions, no database: ``job_problems`` gets the values and the center's local "now"
and returns what is wrong, as (field, code, message). ``dispatch.services.jobs`` raises the
first one; the forms read the constants for their input hints. Why these numbers is written
in docs/jobs.md.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils.formats import time_format
from django.utils.translation import gettext as _

from centers.money import money_text

#: A day's work. California pays double time after 12 hours in a day, and a day labor job
#: longer than that is almost always a typo (the whole week's hours in one job).
HOURS_MIN = Decimal("0.5")
HOURS_MAX = Decimal("12")
#: A wage above this many times the floor (or above HIGH_WAGE_ABOVE) must be confirmed.
HIGH_WAGE_FACTOR = Decimal("3")
HIGH_WAGE_ABOVE = Decimal("100")
#: A wage above this is refused outright: no day labor job pays it, it is a typo.
WAGE_MAX = Decimal("250")
#: The description column's length; longer text is refused with a message, never cut.
DESCRIPTION_MAX = 500
#: A job of several days spans at most this many (the same workers every day).
DAYS_MAX = 14
#: A weekly job repeats for at most this many weeks after its first.
WEEKS_MAX = 12
#: A job may start this long ago: an employer at the door whose work starts now.
START_GRACE = timedelta(minutes=30)


def high_wage_above(floor: Decimal) -> Decimal:
    """The wage from which a posting asks for confirmation."""
    return min(floor * HIGH_WAGE_FACTOR, HIGH_WAGE_ABOVE)


def job_problems(
    *,
    description: str,
    estimated_hours: Decimal,
    hourly_wage: Decimal,
    day: date,
    start: time,
    floor: Decimal,
    now: datetime,
    confirm_high_wage: bool = False,
    check: frozenset[str] | None = None,
    floor_kind: str = "",
    min_hours: Decimal | None = None,
    hours_kind: str = "",
) -> list[tuple[str, str, str]]:
    """What is wrong with a posting. ``now`` is the center's local time. ``check`` limits
    the rules to the fields that changed (an edit keeps what was accepted before); the
    floors hold on every edit. ``floor`` is the floor in force on the job's date (the
    center's, or a kind of work's named by ``floor_kind``), ``min_hours`` the kind of
    work's minimum (``employers.selectors.job_floors``)."""

    def wanted(field: str) -> bool:
        return check is None or field in check

    problems: list[tuple[str, str, str]] = []
    if hourly_wage < floor:
        problems.append(
            (
                "hourly_wage",
                "below_wage_floor",
                _("The hourly wage for %(kind)s must be at least %(floor)s.")
                % {"kind": floor_kind, "floor": money_text(floor)}
                if floor_kind
                else _("The hourly wage must be at least the center's floor of %(floor)s.")
                % {"floor": money_text(floor)},
            )
        )
    if min_hours is not None and estimated_hours < min_hours:
        problems.append(
            (
                "estimated_hours",
                "below_min_hours",
                _("A job of %(kind)s is booked for at least %(hours)s hours.")
                % {"kind": hours_kind, "hours": min_hours.normalize()},
            )
        )
    if wanted("description") and len(description) > DESCRIPTION_MAX:
        problems.append(
            (
                "description",
                "description_too_long",
                _(
                    "Describe the work in at most %(max)s characters; this text has %(n)s. "
                    "Put the details in a call with the center."
                )
                % {"max": DESCRIPTION_MAX, "n": f"{len(description):,}"},
            )
        )
    if wanted("estimated_hours") and not HOURS_MIN <= estimated_hours <= HOURS_MAX:
        problems.append(
            (
                "estimated_hours",
                "hours_out_of_range",
                _(
                    "A day's work is %(min)s to %(max)s hours. For a job of several days, "
                    "give its last day."
                )
                % {"min": HOURS_MIN, "max": HOURS_MAX.normalize()},
            )
        )
    if wanted("hourly_wage"):
        if hourly_wage > WAGE_MAX:
            problems.append(
                (
                    "hourly_wage",
                    "wage_too_high",
                    _("%(wage)s an hour is more than any job here pays (at most %(max)s).")
                    % {"wage": money_text(hourly_wage), "max": money_text(WAGE_MAX)},
                )
            )
        elif hourly_wage > high_wage_above(floor) and not confirm_high_wage:
            problems.append(
                (
                    "confirm_high_wage",
                    "high_wage_unconfirmed",
                    _(
                        "%(wage)s an hour is unusually high (over %(above)s). Check the "
                        "amount and confirm it."
                    )
                    % {
                        "wage": money_text(hourly_wage),
                        "above": money_text(high_wage_above(floor)),
                    },
                )
            )
    if wanted("date") or wanted("start_time"):
        starts = datetime.combine(day, start, tzinfo=now.tzinfo)
        if day < now.date():
            problems.append(("date", "past_date", _("A job cannot be posted for a past date.")))
        elif starts < now - START_GRACE:
            problems.append(
                (
                    "start_time",
                    "start_passed",
                    _("%(start)s today has already passed; choose a later time or another day.")
                    % {"start": time_format(start, "TIME_FORMAT")},
                )
            )
    return problems


def days_problems(
    *, day: date, end_date: date | None, repeat_until: date | None
) -> list[tuple[str, str, str]]:
    """What is wrong with the days of a posting: a last day before the first, a span of
    more than ``DAYS_MAX`` days, a weekly repeat that ends before it starts or runs on for
    more than ``WEEKS_MAX`` weeks. (A first day in the past is ``job_problems``' to say.)"""
    problems: list[tuple[str, str, str]] = []
    if end_date is not None:
        if end_date < day:
            problems.append(
                ("end_date", "end_before_start", _("The last day cannot be before the first day."))
            )
        elif (end_date - day).days + 1 > DAYS_MAX:
            problems.append(
                (
                    "end_date",
                    "too_many_days",
                    _("A job can span at most %(max)s days; post another job for the rest.")
                    % {"max": DAYS_MAX},
                )
            )
    if repeat_until is not None:
        last = end_date if end_date is not None and end_date >= day else day
        if repeat_until < day + timedelta(days=7):
            problems.append(
                (
                    "repeat_until",
                    "repeat_too_short",
                    _("Repeat until a date at least a week after the first day."),
                )
            )
        elif repeat_until > day + timedelta(weeks=WEEKS_MAX):
            problems.append(
                (
                    "repeat_until",
                    "repeat_too_long",
                    _("A weekly job repeats for at most %(max)s weeks.") % {"max": WEEKS_MAX},
                )
            )
        elif last >= day + timedelta(days=7):
            problems.append(
                (
                    "end_date",
                    "span_overlaps_next_week",
                    _("A weekly job spans at most 7 days, so one week ends before the next."),
                )
            )
    return problems


def span_dates(day: date, end_date: date | None) -> list[date]:
    """Every date from ``day`` through ``end_date`` (just ``day`` for a one-day job)."""
    last = end_date or day
    return [day + timedelta(days=n) for n in range((last - day).days + 1)]


#: How many days after the job its employer may rate a worker or change the rating.
RATING_EDIT_DAYS = 7
