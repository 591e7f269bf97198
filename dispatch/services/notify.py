"""The morning loop's one door to SMS: job facts for the catalog, and ``message_queue``.

Values go to the catalog raw (dates, times, Decimals, skill names in both languages): it
formats them in the worker's language and cuts each to its length. A job is named by its
skills in the worker's language; the employer's own description goes only in quotes
(``catalog.Quoted``), never passed off as the center's words."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from centers.models import Center
from employers.models import Job
from sms import voice
from sms.catalog import LANGUAGES, LIMITS, Quoted, Translated, format_value
from sms.services import call_language, call_queue, message_queue
from workers.models import Worker


def _names(names: list[str], limit: int) -> str:
    """Whole names joined by commas while they fit in ``limit`` characters (at least one)."""
    kept: list[str] = []
    for name in names:
        if kept and len(", ".join([*kept, name])) > limit:
            break
        kept.append(name)
    return ", ".join(kept)


def job_what(job: Job) -> Translated | Quoted:
    """What the job is, for an SMS: its skills named in the reader's language (as many whole
    names as fit in 24 characters), or the employer's words in quotes when it lists none."""
    skills = list(job.skills.all())  # ordered by the catalog's sort order
    if not skills:
        return Quoted(job.description)
    limit = LIMITS["what"]
    return Translated(
        es=_names([s.name_es for s in skills], limit),
        en=_names([s.name_en for s in skills], limit),
    )


def job_note(job: Job) -> Translated | Quoted | str:
    """What an offer adds in the room the facts leave in one segment: how the workers get
    there (the pickup time and point, or where to meet), else the employer's description,
    quoted, for an offer that names the job by its skills (nothing when the job has no
    skills, since its name is the description already)."""
    ride = job_ride(job)
    if ride:
        return ride
    return Quoted(job.description) if job.skills.exists() else ""


def job_ride(job: Job) -> Translated | str:
    """How the workers get to ``job``, in each language: "Pickup 6:30am at Home Depot." or
    "Meet at the corner of Holt and Garey."; empty when they go to the job address."""
    if not job.transport_provided and not job.meeting_place:
        return ""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            if job.transport_provided:
                texts[language] = _("Pickup %(time)s at %(place)s.") % {
                    "time": format_value(job.pickup_time, language) if job.pickup_time else "",
                    "place": job.pickup_place,
                }
            else:
                texts[language] = _("Meet at %(place)s.") % {"place": job.meeting_place}
    return Translated(es=texts["es"], en=texts["en"])


def job_place(job: Job) -> str:
    """The city or area of a job address ("12 Elm St, Claremont, CA" → "Claremont")."""
    parts = [part.strip() for part in job.address.split(",") if part.strip()]
    if len(parts) >= 3:
        return parts[-2]
    if len(parts) == 2:
        return parts[-1]
    return parts[0] if parts else ""  # no city given: the address as written


def job_facts(job: Job) -> dict[str, Any]:
    return {
        "what": job_what(job),
        "day": job.date,
        "start": job.start_time,
        "wage": job.hourly_wage,
        "hours": job.estimated_hours,
    }


def center_phone(center: Center) -> str:
    return center.phone.as_national if center.phone else ""


def sms_queue(
    *,
    center: Center,
    worker: Worker,
    kind: str,
    context: dict[str, Any],
    offer_id: int | None = None,
    validity_seconds: int | None = None,
) -> Any:
    """Queue one catalog message; None when the worker cannot be texted."""
    return message_queue(
        center=center,
        worker=worker,
        kind=kind,
        context=context,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
    )


# --- calls -----------------------------------------------------------------------------


def job_skill_names(job: Job) -> list[voice.SkillName]:
    return [voice.SkillName(s.code, s.name_es, s.name_en) for s in job.skills.all()]


def offer_call_queue(*, job: Job, worker: Worker, offer_id: int, validity_seconds: int) -> Any:
    """Queue the offer as a call in the worker's call language; None when that language
    lacks a fragment this offer needs and has no text-to-speech (the offer goes by text
    instead), or the worker cannot be called."""
    center = job.center
    skills, place = job_skill_names(job), job_place(job)

    def script_for(language: str) -> voice.Script:
        return voice.offer_script(
            language=language,
            center_name=center.sms_sender_name(),
            skills=skills,
            day=job.date,
            start=job.start_time,
            hours=job.estimated_hours,
            wage=job.hourly_wage,
            place=place,
        )

    chosen = call_language(center, worker, script_for)
    if chosen is None:
        return None
    language, script = chosen
    return call_queue(
        center=center,
        worker=worker,
        kind="offer",
        language=language,
        script=script,
        gather=True,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
    )


def worker_number_tell(*, center: Center, worker: Worker, number: int, day: Any) -> list[Any]:
    """Tell a worker their lottery number the way they chose: a text, a call, or both (a
    call their language cannot say goes by text instead). Returns the queued rows."""
    sent = []
    if worker.wants_calls:
        name = center.sms_sender_name()

        def script_for(language: str) -> voice.Script:
            return voice.lottery_script(language=language, center_name=name, lottery_number=number)

        chosen = call_language(center, worker, script_for) or (
            worker.preferred_language,
            script_for(worker.preferred_language),
        )
        call = call_queue(
            center=center,
            worker=worker,
            kind="lottery_number",
            language=chosen[0],
            script=chosen[1],
        )
        sent.append(call)
    if worker.wants_texts:
        context = {"number": number, "day": day}
        sent.append(sms_queue(center=center, worker=worker, kind="lottery_number", context=context))
    return [row for row in sent if row is not None]
