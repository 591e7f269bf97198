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
) -> list[tuple[str, str, str]]:
    """What is wrong with a posting. ``now`` is the center's local time. ``check`` limits
    the rules to the fields that changed (an edit keeps what was accepted before)."""

    def wanted(field: str) -> bool:
        return check is None or field in check

    problems: list[tuple[str, str, str]] = []
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
                    "post one job for each day."
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


#: How many days after the job its employer may rate a worker or change the rating.
RATING_EDIT_DAYS = 7
