"""The catalog of text messages: every kind, in Spanish and English, for a basic phone.

A message is rendered in the worker's language: the template through gettext (Spanish in
locale/es), the context values formatted for that language (dates, times, money) and cut
to a fixed length, then the whole text folded to GSM-7 (á → a, curly quotes → straight) so
that Spanish costs what English costs. Offers fit one segment in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db import models
from django.utils import dateformat, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sms import segments


class Kind(models.TextChoices):
    OFFER = "offer", _("Job offer")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    JOB_FILLED = "job_filled", _("Job filled")
    JOB_CANCELLED = "job_cancelled", _("Job cancelled")
    ASSIGNMENT_DETAILS = "assignment_details", _("Assignment details")
    REMINDER = "reminder", _("Reminder")
    CLAIM_UPDATE = "claim_update", _("Wage claim update")
    HELP = "help", _("Help")
    OPTED_OUT = "opted_out", _("Opt-out confirmation")
    OPTED_IN = "opted_in", _("Opt-in confirmation")
    QUEUE_POSITION = "queue_position", _("Place in line")
    LOTTERY_NUMBER = "lottery_number", _("Lottery number")
    PAYMENT_CHECK = "payment_check", _("Were you paid?")
    UNKNOWN_REPLY = "unknown_reply", _("Answer to an unknown reply")


@dataclass(frozen=True)
class Template:
    text: str | Promise  # a lazy translation with %(key)s placeholders
    keys: tuple[str, ...]
    one_segment: bool = False
    bilingual: bool = False  # Spanish and English in one message


TEMPLATES: dict[str, Template] = {
    Kind.OFFER: Template(
        _(
            "Job: %(what)s, %(day)s %(start)s, %(hours)sh, $%(wage)s/h, in %(place)s. "
            "Reply 1 to take it or 2 to pass. %(minutes)s min to answer."
        ),
        ("what", "day", "start", "wage", "hours", "place", "minutes"),
        one_segment=True,
    ),
    Kind.OFFER_EXPIRED: Template(
        _("Time ran out for the job %(what)s. We will text you when there is another one."),
        ("what",),
        one_segment=True,
    ),
    Kind.JOB_FILLED: Template(
        _("The job %(what)s is already filled. Thanks, we will text you about the next one."),
        ("what",),
        one_segment=True,
    ),
    Kind.JOB_CANCELLED: Template(
        _("The job %(what)s on %(day)s was cancelled. You keep your place in line."),
        ("what", "day"),
        one_segment=True,
    ),
    Kind.ASSIGNMENT_DETAILS: Template(
        _(
            "You have the job %(what)s: %(day)s %(start)s, $%(wage)s/h. "
            "Employer: %(employer)s. Address: %(address)s. Questions: %(center_phone)s"
        ),
        ("what", "day", "start", "wage", "address", "employer", "center_phone"),
    ),
    Kind.REMINDER: Template(
        _("Reminder: job %(what)s on %(day)s at %(start)s. If you cannot go, call the center."),
        ("what", "day", "start"),
        one_segment=True,
    ),
    Kind.CLAIM_UPDATE: Template(
        _("Your wage claim #%(claim)s is now: %(status)s. Questions? Call the center."),
        ("claim", "status"),
        one_segment=True,
    ),
    Kind.HELP: Template(
        _(
            "%(center)s: job offers by text. Reply 1 to take a job, 2 to pass, "
            "STATUS for your place in line, STOP to quit. Help: %(phone)s"
        ),
        ("center", "phone"),
    ),
    Kind.OPTED_OUT: Template(
        _("%(center)s: you will get no more texts. Reply START to get them again."),
        ("center",),
        one_segment=True,
    ),
    Kind.OPTED_IN: Template(
        _("%(center)s: you will get job texts again. Reply STOP to quit, HELP for help."),
        ("center",),
        one_segment=True,
    ),
    Kind.QUEUE_POSITION: Template(
        _("Your number today is %(number)s. You are number %(position)s in line."),
        ("number", "position"),
        one_segment=True,
    ),
    Kind.LOTTERY_NUMBER: Template(
        _("Your number for %(day)s is %(number)s. We will text you if a job comes up."),
        ("number", "day"),
        one_segment=True,
    ),
    Kind.PAYMENT_CHECK: Template(
        _("Were you paid in full for %(what)s on %(day)s? Reply 1 = yes, 2 = no."),
        ("what", "day"),
        one_segment=True,
    ),
    Kind.UNKNOWN_REPLY: Template(
        _("Reply 1 to take a job, 2 to pass, STATUS, HELP, STOP to quit."),
        (),
        one_segment=True,
        bilingual=True,
    ),
}

LANGUAGES = ("es", "en")

# The most characters (GSM-7 septets) a context value may take in a message.
LIMITS = {
    "what": 24,
    "place": 24,
    "day": 9,
    "start": 7,
    "wage": 6,
    "hours": 4,
    "minutes": 3,
    "address": 60,
    "employer": 30,
    "center_phone": 14,
    "center": 30,
    "phone": 14,
    "claim": 6,
    "status": 30,
    "number": 4,
    "position": 4,
}

# The longest value of each key, for the template cost page and the one-segment tests.
WORST_CASE: dict[str, object] = {
    "what": "Limpieza de jardin y pat",
    "place": "Rancho Cucamonga Norte X",
    "day": date(2026, 12, 30),  # a Wednesday: "mié 30/12", "Wed 12/30"
    "start": time(12, 30),
    "wage": Decimal("125.50"),
    "hours": Decimal("10.5"),
    "minutes": 120,
    "address": "12345 North Garey Avenue, Apartment 210, Pomona CA 91767 XX",
    "employer": "Construcciones Hermanos Garcia",
    "center_phone": "(909) 555-0142",
    "center": "Centro Laboral de Pomona Norte",
    "phone": "(909) 555-0142",
    "claim": 123456,
    "status": "Demand letter sent to employer",
    "number": 1234,
    "position": 1234,
}

_DAY_FORMAT = {"es": "D j/n", "en": "D n/j"}


def format_value(value: object, language: str) -> str:
    """A context value as the worker reads it in ``language`` (call inside the override)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return dateformat.format(value, _DAY_FORMAT.get(language, "D n/j"))
    if isinstance(value, time):
        hour = value.hour % 12 or 12
        suffix = "am" if value.hour < 12 else "pm"
        return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _fit(text: str, limit: int) -> str:
    """``text`` folded to GSM-7, without characters GSM-7 lacks, cut to ``limit`` septets."""
    kept = "".join(ch for ch in segments.gsm_fold(text) if segments.is_gsm7(ch))
    out, used = [], 0
    for ch in " ".join(kept.split()):
        cost = segments.count(ch).length
        if used + cost > limit:
            break
        out.append(ch)
        used += cost
    return "".join(out).rstrip()


def render(kind: str, context: dict[str, object], language: str) -> str:
    """The text of ``kind`` for a reader of ``language``, ready to send."""
    template = TEMPLATES[kind]
    missing = [key for key in template.keys if key not in context]
    if missing:
        raise KeyError(f"{kind} needs {', '.join(missing)}")
    if template.bilingual:
        return " / ".join(_render_one(template, context, lang) for lang in LANGUAGES)
    return _render_one(template, context, language)


def _render_one(template: Template, context: dict[str, object], language: str) -> str:
    with translation.override(language):
        values = {
            key: _fit(format_value(context[key], language), LIMITS.get(key, 30))
            for key in template.keys
        }
        return segments.gsm_fold(str(template.text) % values)


def worst_case(kind: str) -> dict[str, object]:
    return {key: WORST_CASE[key] for key in TEMPLATES[kind].keys}
