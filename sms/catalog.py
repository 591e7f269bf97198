"""The catalog of text messages: every kind, in Spanish and English, for a basic phone.

A message is rendered in the worker's language: the template through gettext (Spanish in
locale/es), the context values formatted for that language (dates, times, money) and cut
to a fixed length, then the whole text folded to GSM-7 (á → a, curly quotes → straight) so
that Spanish costs what English costs. Offers fit one segment in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    OFFER_DECLINED = "offer_declined", _("Offer declined")
    ALREADY_ASSIGNED = "already_assigned", _("Already has the job")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate about to expire")


class Priority(models.IntegerChoices):
    """Which texts a sending number sends first when it has more than its rate allows."""

    URGENT = 0, _("Urgent: offers and answers to a worker's own text")
    INFORMATIONAL = 1, _("Informational: lottery numbers, reminders, payment checks")


@dataclass(frozen=True)
class Translated:
    """A context value written in each language (a skill's names): the reader's is used."""

    es: str
    en: str

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Quoted:
    """Someone else's words (the employer's description), shown in quotes as they wrote
    them, never translated: cut at a word, with "..." when cut."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Template:
    text: str | Promise  # a lazy translation with %(key)s placeholders
    keys: tuple[str, ...]
    one_segment: bool = False
    bilingual: bool = False  # Spanish and English in one message
    priority: int = Priority.URGENT
    # A key whose value takes whatever room the rest of the text leaves in one segment
    # (dropped when too little is left): the employer's own words in an offer.
    room_for: str = ""
    optional: tuple[str, ...] = field(default=())  # keys that may be missing (rendered empty)


TEMPLATES: dict[str, Template] = {
    Kind.OFFER: Template(
        _(
            "Job: %(what)s, %(day)s %(start)s, %(hours)sh, $%(wage)s/h, in %(place)s.%(note)s "
            "Reply 1 to take it or 2 to pass. %(minutes)s min to answer."
        ),
        ("what", "day", "start", "wage", "hours", "place", "minutes", "note"),
        one_segment=True,
        room_for="note",
        optional=("note",),
    ),
    Kind.OFFER_DECLINED: Template(
        _("OK, you passed on the job %(what)s. We will text you about the next one."),
        ("what",),
        one_segment=True,
    ),
    Kind.ALREADY_ASSIGNED: Template(
        _("You already have the job %(what)s on %(day)s at %(start)s. Questions? Call the center."),
        ("what", "day", "start"),
        one_segment=True,
    ),
    Kind.OFFER_EXPIRED: Template(
        _("Time ran out for the job %(what)s. We will text you when there is another one."),
        ("what",),
        one_segment=True,
        priority=Priority.INFORMATIONAL,
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
        priority=Priority.INFORMATIONAL,
    ),
    Kind.CLAIM_UPDATE: Template(
        _("Your wage claim #%(claim)s is now: %(status)s. Questions? Call the center."),
        ("claim", "status"),
        one_segment=True,
        priority=Priority.INFORMATIONAL,
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
        priority=Priority.INFORMATIONAL,
    ),
    Kind.PAYMENT_CHECK: Template(
        _("Were you paid in full for %(what)s on %(day)s? Reply 1 = yes, 2 = no."),
        ("what", "day"),
        one_segment=True,
        priority=Priority.INFORMATIONAL,
    ),
    Kind.UNKNOWN_REPLY: Template(
        _("Reply 1 to take a job, 2 to pass, STATUS, HELP, STOP to quit."),
        (),
        one_segment=True,
        bilingual=True,
    ),
    Kind.CERTIFICATE_EXPIRING: Template(
        _("%(center)s: your %(training)s certificate expires %(day)s. Ask us for the next class."),
        ("center", "training", "day"),
        one_segment=True,
        priority=Priority.INFORMATIONAL,
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
    "center": 20,  # Center.sms_name
    "phone": 14,
    "claim": 6,
    "status": 30,
    "number": 4,
    "position": 4,
    "training": 24,
}

# The longest value of each key, for the template cost page and the one-segment tests.
WORST_CASE: dict[str, object] = {
    "what": Translated(es="Jardinería, Paisajismo", en="Gardening, Landscaping"),
    "note": Quoted("Bring gloves and water, backyard cleanup and hauling green waste"),
    "place": "Rancho Cucamonga Norte X",
    "day": date(2026, 12, 30),  # a Wednesday: "mié 30/12", "Wed 12/30"
    "start": time(12, 30),
    "wage": Decimal("125.50"),
    "hours": Decimal("10.5"),
    "minutes": 120,
    "address": "12345 North Garey Avenue, Apartment 210, Pomona CA 91767 XX",
    "employer": "Construcciones Hermanos Garcia",
    "center_phone": "(909) 555-0142",
    "center": "Centro Laboral Pomon",
    "phone": "(909) 555-0142",
    "claim": 123456,
    "status": "Demand letter sent to employer",
    "number": 1234,
    "position": 1234,
    "training": Translated(es="Trabajo seguro con plomo", en="Lead-safe work practices"),
}

_DAY_FORMAT = {"es": "D j/n", "en": "D n/j"}


def priority_of(kind: str) -> int:
    """The sending priority of a kind (urgent for anything not in the catalog)."""
    template = TEMPLATES.get(kind)
    return template.priority if template else Priority.URGENT


def format_value(value: object, language: str) -> str:
    """A context value as the worker reads it in ``language`` (call inside the override)."""
    if isinstance(value, Translated):
        return value.es if language == "es" else value.en
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
    return _cut(kept, limit)


def _cut(kept: str, limit: int) -> str:
    out, used = [], 0
    for ch in " ".join(kept.split()):
        cost = segments.count(ch).length
        if used + cost > limit:
            break
        out.append(ch)
        used += cost
    return "".join(out).rstrip()


def _fit_quoted(text: str, limit: int) -> str:
    """Someone's words in double quotes within ``limit`` septets, cut after a whole word
    and marked "..." when cut; empty when not even a few characters of them fit."""
    words = " ".join(_fit(text, 10_000).replace('"', "'").split())
    if not words:
        return ""
    if segments.count(words).length + 2 <= limit:
        return f'"{words}"'
    cut = _cut(words, limit - 2 - len("..."))
    if len(cut) < len(words) and words[len(cut)] != " ":
        cut = cut.rsplit(" ", 1)[0] if " " in cut else ""
    cut = cut.rstrip(" ,.;:-")
    return f'"{cut}..."' if len(cut) >= MIN_QUOTE else ""


MIN_QUOTE = 8  # fewer characters of someone's words than this say nothing: left out


def _value(value: object, key: str, language: str) -> str:
    limit = LIMITS.get(key, 30)
    if isinstance(value, Quoted):
        return _fit_quoted(value.text, limit)
    return _fit(format_value(value, language), limit)


def render(kind: str, context: dict[str, object], language: str) -> str:
    """The text of ``kind`` for a reader of ``language``, ready to send."""
    template = TEMPLATES[kind]
    context = dict.fromkeys(template.optional, "") | context
    missing = [key for key in template.keys if key not in context]
    if missing:
        raise KeyError(f"{kind} needs {', '.join(missing)}")
    if template.bilingual:
        return " / ".join(_render_one(template, context, lang) for lang in LANGUAGES)
    return _render_one(template, context, language)


def _render_one(template: Template, context: dict[str, object], language: str) -> str:
    with translation.override(language):
        values = {
            key: _value(context[key], key, language)
            for key in template.keys
            if key != template.room_for
        }
        if template.room_for:
            # The rest first; the flexible value gets what is left of one segment, after a
            # space. It is the first thing dropped: the job's facts always fit.
            values[template.room_for] = ""
            rest = segments.count(segments.gsm_fold(str(template.text) % values))
            room = segments.SINGLE[segments.GSM7] - rest.length - 1
            value = context[template.room_for]
            fitted = _fit_quoted(str(value), room) if isinstance(value, Quoted) else ""
            if not isinstance(value, Quoted) and value:
                fitted = _fit(format_value(value, language), room)
            values[template.room_for] = f" {fitted}" if fitted else ""
        return segments.gsm_fold(str(template.text) % values)


def worst_case(kind: str) -> dict[str, object]:
    return {key: WORST_CASE[key] for key in TEMPLATES[kind].keys}
