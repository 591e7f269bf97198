"""One rule for what comes in from outside: text, whole numbers, dates and date ranges.

Every query string, form post, JSON body and webhook goes through these before it reaches
the database, so bad input is a clear 400 in the reader's language and never a 500:

- ``clean_text`` refuses control characters (a NUL byte cannot be stored by PostgreSQL,
  a lone surrogate cannot be encoded) and over-long values;
- ``parse_int`` takes ASCII digits only (``"²"`` and ``"٣"`` pass ``str.isdigit()`` but are
  not numbers anyone typed at the desk) within bounds that fit the database's integer;
- ``parse_date`` and ``parse_date_range`` take ``YYYY-MM-DD`` between ``MIN_DATE`` and
  ``MAX_DATE``, so date arithmetic near the calendar's ends cannot overflow.

Each raises ``BadInput`` (an ``ApplicationError``): the API's exception handler turns it into
JSON, ``centers.middleware.BadInputMiddleware`` into the 400 page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from .errors import ApplicationError

#: The largest value a PostgreSQL ``integer`` column (Django's IntegerField, AutoField's
#: ``id`` is bigger but ids are never written from outside) holds.
INT_MAX = 2_147_483_647
#: Dates before or after these are typing mistakes in this product (no job, sign-in or
#: claim is that old or that far ahead), and keep ``date ± timedelta`` far from year 9999.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)

#: C0 controls except tab, line feed and carriage return; DEL; UTF-16 surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DIGITS = re.compile(r"-?[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadInput(ApplicationError):
    """A value from outside cannot be used as it is; the message says what to change."""

    code = "bad_input"


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))


def control_message() -> str:
    return _(
        "The text contains an invisible control character (such as a NUL byte). "
        "Remove it and try again."
    )


def clean_text(value: Any, *, max_length: int | None = None, field: str | None = None) -> str:
    """``value`` as text, stripped; refused if it holds control characters or is too long."""
    text = "" if value is None else str(value)
    if has_control(text):
        raise BadInput(control_message(), field=field)
    text = text.strip()
    if max_length is not None and len(text) > max_length:
        raise BadInput(
            _("The text is too long: at most %(max)s characters.") % {"max": max_length},
            field=field,
        )
    return text


def parse_int(
    value: Any,
    *,
    min_value: int = 0,
    max_value: int = INT_MAX,
    field: str | None = None,
) -> int:
    """A whole number written in ASCII digits (an optional leading ``-``), within bounds."""
    text = clean_text(value, field=field)
    if not _DIGITS.fullmatch(text):
        raise BadInput(_("Enter a whole number, in digits 0–9."), field=field)
    number = int(text)
    if not min_value <= number <= max_value:
        raise BadInput(
            _("Enter a whole number from %(min)s to %(max)s.")
            % {"min": min_value, "max": max_value},
            field=field,
        )
    return number


def parse_optional_int(value: Any, **bounds: Any) -> int | None:
    """``parse_int``, or ``None`` for a missing or blank value."""
    if value is None or not str(value).strip():
        return None
    return parse_int(value, **bounds)


def is_number(value: Any) -> bool:
    """Whether ``value`` is written as a number: ASCII digits only, no sign (so a search
    term or a scan can be told from a name before it is parsed)."""
    return bool(re.fullmatch(r"[0-9]+", str(value).strip()))


def number_or_none(value: Any, *, max_value: int = INT_MAX) -> int | None:
    """The number ``value`` is written as (ASCII digits, 0..``max_value``), else ``None``:
    for searches, where a term that is no number is simply not looked up as one."""
    text = str(value).strip()
    if not is_number(text) or len(text) > len(str(max_value)):
        return None
    number = int(text)
    return number if number <= max_value else None


def parse_ids(values: Iterable[Any], *, field: str | None = None) -> list[int]:
    """Positive ids (``?badge=12&badge=15``); blanks are skipped."""
    return [parse_int(v, min_value=1, field=field) for v in values if str(v).strip()]


def date_message() -> str:
    return _("Dates must be written as YYYY-MM-DD, between %(min)s and %(max)s.") % {
        "min": MIN_DATE.year,
        "max": MAX_DATE.year,
    }


def parse_date(value: Any, *, field: str | None = None) -> date | None:
    """``YYYY-MM-DD`` as a date within ``MIN_DATE``..``MAX_DATE``; ``None`` when blank."""
    text = clean_text(value, field=field)
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise BadInput(date_message(), field=field) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise BadInput(date_message(), field=field)
    return day


def parse_date_range(
    start: Any,
    end: Any,
    *,
    default_start: date,
    default_end: date,
    max_days: int | None = None,
    too_long: str | None = None,
) -> tuple[date, date]:
    """The first and last day of a range (both included); blanks take the defaults.

    The end may not come before the start, and the range may span at most ``max_days``."""
    first = parse_date(start, field="start") or default_start
    last = parse_date(end, field="end") or default_end
    if last < first:
        raise BadInput(_("The end date is before the start date."), field="end")
    if max_days is not None and (last - first).days > max_days:
        message = too_long or _("A date range covers at most %(days)s days.") % {"days": max_days}
        raise BadInput(message, field="start")
    return first, last
