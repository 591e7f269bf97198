"""Calls: what a call says, fragment by fragment, and the TwiML that says it.

A call's *script* is a list of ``[key, text]`` items: ``key`` names a fragment the center
may record for a language (``greeting``, ``job``, ``skill:<code>``, ``number:<n>``,
``day:<0-6>`` …), ``text`` is what text-to-speech says when the fragment is not recorded
(in the worker's language when that is Spanish or English). Keys in ``OPTIONAL`` are left
out when a language can say them neither way (the job's city, for a language without
text-to-speech). Languages are data: any code a center records prompts for works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

#: Languages Twilio's ``<Say>`` speaks, and the voice it uses for them.
TTS = {"es": "es-MX", "en": "en-US"}
DIGITS = {"1": "accept", "2": "decline", "9": "repeat"}
AUDIO_SALT = "sms.voice.audio"

#: The fixed fragments, in the order the admin page lists them, with what they say.
FIXED: dict[str, Any] = {
    "greeting": _("Hello, this is %(center)s."),
    "job": _("There is a job:"),
    "at": _("at"),
    "am": _("in the morning"),
    "pm": _("in the afternoon"),
    "hours": _("hours"),
    "and_half": _("and a half"),
    "dollars": _("dollars"),
    "and": _("and"),
    "per_hour": _("an hour"),
    "in_place": _("in"),
    "press_accept": _("To take the job, press 1."),
    "press_decline": _("To pass, press 2."),
    "press_repeat": _("To hear it again, press 9."),
    "accepted": _("You have the job. Thank you."),
    "declined": _("You passed on this job."),
    "filled": _("Sorry, this job is no longer open."),
    "lottery": _("Your number in today's line is"),
    "position": _("Your place in line is"),
    "open_jobs": _("Jobs open now:"),
    "no_jobs": _("There are no open jobs right now."),
    "not_signed_in": _("You are not in today's line."),
    "goodbye": _("Goodbye."),
}
NUMBERS = range(100)
#: Fragments a call leaves out rather than fall back to SMS for.
OPTIONAL = ("place:", "in_place")

Script = list[list[str]]


def has_tts(language: str) -> bool:
    return language in TTS


def fixed(key: str, language: str, **values: Any) -> list[str]:
    with translation.override(language if has_tts(language) else "es"):
        text = str(FIXED[key])
    return [key, text % values if values else text]


def number(n: int) -> list[str]:
    return [f"number:{n}", str(n)]


def weekday(day: date, language: str) -> list[str]:
    with translation.override(language if has_tts(language) else "es"):
        return [f"day:{day.weekday()}", str(WEEKDAYS[day.weekday()])]


def clock(start: time, language: str) -> Script:
    hour = start.hour % 12 or 12
    parts = [fixed("at", language), number(hour)]
    if start.minute:
        parts.append(number(start.minute))
    parts.append(fixed("am" if start.hour < 12 else "pm", language))
    return parts


def money(wage: Decimal, language: str) -> Script:
    dollars, cents = divmod(int((wage * 100).quantize(Decimal(1), ROUND_HALF_UP)), 100)
    parts = [number(dollars), fixed("dollars", language)]
    if cents:
        parts += [fixed("and", language), number(cents)]
    return [*parts, fixed("per_hour", language)]


def duration(hours: Decimal, language: str) -> Script:
    halves = int((hours * 2).quantize(Decimal(1), ROUND_HALF_UP))
    whole, half = divmod(max(halves, 1), 2)
    parts = [number(whole)] if whole else []
    if half:
        parts.append(fixed("and_half", language))
    return [*parts, fixed("hours", language)]


@dataclass(frozen=True)
class SkillName:
    code: str
    name_es: str
    name_en: str

    def item(self, language: str) -> list[str]:
        return [f"skill:{self.code}", self.name_en if language == "en" else self.name_es]


def offer_script(
    *,
    language: str,
    center_name: str,
    skills: list[SkillName],
    day: date,
    start: time,
    hours: Decimal,
    wage: Decimal,
    place: str,
) -> Script:
    """The structured offer, said: the same facts as the offer text (``sms.catalog``), the
    employer's own words left out (no recording can say them)."""
    script = [fixed("greeting", language, center=center_name), fixed("job", language)]
    script += [skill.item(language) for skill in skills]
    script += [weekday(day, language), *clock(start, language)]
    script += [*duration(hours, language), *money(wage, language)]
    if place:
        script += [fixed("in_place", language), [f"place:{place[:30]}", place[:30]]]
    return script + offer_keys(language)


def offer_keys(language: str) -> Script:
    return [fixed(k, language) for k in ("press_accept", "press_decline", "press_repeat")]


def lottery_script(*, language: str, center_name: str, lottery_number: int) -> Script:
    return [
        fixed("greeting", language, center=center_name),
        fixed("lottery", language),
        number(lottery_number),
        fixed("goodbye", language),
    ]


# --- which fragments a language has ----------------------------------------------------


def catalog_keys(skills: list[SkillName]) -> list[str]:
    """Every fragment a center may record for a language, in the admin page's order."""
    return [
        *FIXED,
        *(f"skill:{s.code}" for s in skills),
        *(f"day:{n}" for n in range(7)),
        *(f"number:{n}" for n in NUMBERS),
    ]


def missing(script: Script, recorded: set[str], language: str) -> list[str]:
    """The fragments of ``script`` this language can say neither by a recording nor by
    text-to-speech (empty: the call can be placed)."""
    if has_tts(language):
        return []
    return [key for key, _text in script if key not in recorded and not key.startswith(OPTIONAL)]


# --- signed audio URLs -----------------------------------------------------------------


def audio_token(*, center_id: int, prompt_id: int) -> str:
    return signing.dumps({"c": center_id, "p": prompt_id}, salt=AUDIO_SALT, compress=True)


def audio_token_read(token: str, *, center_id: int) -> int | None:
    """The prompt a token names, if it is genuine, not older than
    ``VOICE_AUDIO_URL_MAX_AGE`` and made for this center; else None."""
    try:
        data = signing.loads(token, salt=AUDIO_SALT, max_age=settings.VOICE_AUDIO_URL_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != center_id:
        return None
    prompt = data.get("p")
    return prompt if isinstance(prompt, int) else None


def audio_url(*, center_id: int, prompt_id: int, absolute: bool = True) -> str:
    path = reverse(
        "sms-voice-audio",
        args=[center_id, audio_token(center_id=center_id, prompt_id=prompt_id)],
    )
    return public_url(path) if absolute else path


def public_url(path: str) -> str:
    return settings.SMS_PUBLIC_BASE_URL.rstrip("/") + path


# --- what a call plays ------------------------------------------------------------------

Step = tuple[str, str, str]  # ("play", url, "") or ("say", text, voice language)


def steps(script: Script, *, language: str, prompts: dict[str, int], center_id: int) -> list[Step]:
    """Each item as its recording (a signed URL to play), else as text-to-speech when the
    language has it; an item it can say neither way is left out. ``sms.client`` turns
    these into TwiML."""
    out: list[Step] = []
    for key, text in script:
        if key in prompts:
            out.append(("play", audio_url(center_id=center_id, prompt_id=prompts[key]), ""))
        elif has_tts(language):
            out.append(("say", text, TTS[language]))
    return out


# --- what dispatch answers (registered by dispatch, above sms) ---------------------------

_handlers: dict[str, Any] = {}


def register(name: str, func: Any) -> None:
    """``answer``: ``func(*, offer_id, worker, accept) -> "accepted" | "declined" | "filled"``;
    ``status``: ``func(*, worker) -> dict`` with ``lottery_number``, ``position`` (None when
    not in today's line) and ``open_jobs`` (a list of ``SkillName`` lists, one per job)."""
    _handlers[name] = func


def handler(name: str) -> Any:
    return _handlers[name]


def status_script(*, language: str, center_name: str, status: dict) -> Script:
    """What a worker calling the center hears: their number and place, and what is open."""
    script = [fixed("greeting", language, center=center_name)]
    if status.get("lottery_number") is None:
        script.append(fixed("not_signed_in", language))
    else:
        script += [fixed("lottery", language), number(status["lottery_number"])]
        if status.get("position") is not None:
            script += [fixed("position", language), number(status["position"])]
    jobs = status.get("open_jobs") or []
    if jobs:
        script += [fixed("open_jobs", language), number(len(jobs))]
        for skills in jobs[:3]:
            script += [skill.item(language) for skill in skills[:1]]
    else:
        script.append(fixed("no_jobs", language))
    return [*script, fixed("goodbye", language)]
