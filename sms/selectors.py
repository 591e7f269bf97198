"""Reads of the sms app: the template cost table, the simulator's phones and conversations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Ceil, Coalesce, TruncMonth
from django.utils import translation
from django.utils.dates import WEEKDAYS

from centers.models import Center
from sms import catalog, segments, voice
from sms.models import Message, VoicePrompt
from workers.models import Skill, Worker


@dataclass(frozen=True)
class TemplateCost:
    kind: str
    label: str
    language: str
    body: str
    length: int
    encoding: str
    segments: int
    one_segment: bool
    price: Decimal


def template_costs() -> list[TemplateCost]:
    """Every kind in every language, rendered with the longest values it can get."""
    per_segment = Decimal(settings.SMS_PRICE_PER_SEGMENT)
    rows = []
    for kind, template in catalog.TEMPLATES.items():
        for language in catalog.LANGUAGES:
            body = catalog.render(kind, catalog.worst_case(kind), language)
            counted = segments.count(body)
            rows.append(
                TemplateCost(
                    kind=kind,
                    label=str(catalog.Kind(kind).label),
                    language=language,
                    body=body,
                    length=counted.length,
                    encoding=counted.encoding,
                    segments=counted.segments,
                    one_segment=template.one_segment,
                    price=per_segment * counted.segments,
                )
            )
    return rows


def simulator_workers(*, center: Center) -> list[Worker]:
    return list(Worker.objects.filter(center=center).exclude(phone="").order_by("badge")[:500])


def conversation(*, center: Center, worker: Worker, limit: int = 100) -> QuerySet[Message]:
    """The texts between the center and a worker's phone, oldest first."""
    phone = str(worker.phone)
    recent = (
        Message.objects.filter(center=center)
        .filter(Q(worker=worker) | Q(to_number=phone) | Q(from_number=phone, direction="in"))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return Message.objects.filter(pk__in=list(recent)).order_by("created_at", "pk")


def prompts_recorded(center_id: int, language: str) -> dict[str, int]:
    """The fragments a center recorded for a language: key → prompt id."""
    return dict(
        VoicePrompt.objects.filter(center_id=center_id, language=language).values_list("key", "pk")
    )


def skill_names() -> list[voice.SkillName]:
    return [
        voice.SkillName(code=s.code, name_es=s.name_es, name_en=s.name_en)
        for s in Skill.objects.all()
    ]


def prompt_languages(*, center: Center) -> list[str]:
    """The call languages a center has: Spanish, English, those it recorded prompts for and
    those its workers chose."""
    recorded = VoicePrompt.objects.filter(center=center).values_list("language", flat=True)
    chosen = (
        Worker.objects.filter(center=center)
        .exclude(voice_language="")
        .values_list("voice_language", flat=True)
    )
    others = sorted(set(recorded) | set(chosen) - set(voice.TTS))
    return [*voice.TTS, *others]


@dataclass(frozen=True)
class PromptRow:
    key: str
    text: str
    prompt_id: int | None
    audio_url: str


def prompt_rows(*, center: Center, language: str) -> list[PromptRow]:
    """Every fragment a call in ``language`` may play, recorded or not, with what
    text-to-speech would say (in Spanish for a language without it, as a guide)."""
    recorded = prompts_recorded(center.pk, language)
    skills = {f"skill:{s.code}": s for s in skill_names()}
    rows = []
    for key in voice.catalog_keys(list(skills.values())):
        if key in voice.FIXED:
            text = voice.fixed(key, language, center=center.sms_sender_name())[1]
        elif key in skills:
            text = skills[key].item(language)[1]
        elif key.startswith("day:"):
            with translation.override(language if voice.has_tts(language) else "es"):
                text = str(WEEKDAYS[int(key[4:])])
        else:
            text = key.split(":", 1)[1]
        pk = recorded.get(key)
        url = voice.audio_url(center_id=center.pk, prompt_id=pk, absolute=False) if pk else ""
        rows.append(PromptRow(key=key, text=text, prompt_id=pk, audio_url=url))
    return rows


def simulator_calls(*, center: Center, worker: Worker, limit: int = 5) -> list[Message]:
    """The worker's latest calls that Twilio would be ringing or has rung."""
    return list(
        Message.objects.filter(
            center=center, worker=worker, channel=Message.Channel.VOICE, direction="out"
        )
        .exclude(provider_sid=None)
        .order_by("-created_at", "-pk")[:limit]
    )


def usage_by_month(*, center: Center | None, start: Any, end: Any) -> list[dict[str, Any]]:
    """Per month from ``start`` to ``end`` (days): text segments sent and call minutes (each
    call rounded up to the whole minute, as Twilio bills), with their cost by
    ``SMS_PRICE_PER_SEGMENT`` and ``VOICE_PRICE_PER_MINUTE``; ``center`` None: the network."""
    rows = Message.objects.filter(
        direction="out", sent_at__isnull=False, sent_at__date__range=(start, end)
    )
    if center is not None:
        rows = rows.filter(center=center)
    per_segment = Decimal(settings.SMS_PRICE_PER_SEGMENT)
    per_minute = Decimal(settings.VOICE_PRICE_PER_MINUTE)
    months = (
        rows.annotate(month=TruncMonth("sent_at"))
        .values("month")
        .annotate(
            texts=Count("pk", filter=Q(channel=Message.Channel.SMS)),
            segments=Coalesce(Sum("segments", filter=Q(channel=Message.Channel.SMS)), 0),
            calls=Count("pk", filter=Q(channel=Message.Channel.VOICE)),
            minutes=Coalesce(
                Sum(
                    Ceil(F("duration_seconds") / 60.0),
                    filter=Q(channel=Message.Channel.VOICE, duration_seconds__gt=0),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("month")
    )
    return [
        {
            **month,
            "minutes": int(month["minutes"]),
            "sms_cost": per_segment * month["segments"],
            "voice_cost": per_minute * int(month["minutes"]),
            "total_cost": per_segment * month["segments"] + per_minute * int(month["minutes"]),
        }
        for month in months
    ]
