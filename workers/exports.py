"""A worker's data export: everything the center holds about one person, and nothing about
anyone else (docs/registry.md says what each section holds and leaves out).

The export is one JSON document a program can read and a person can follow: the keys are
stable English names, and each section carries its title in Spanish and English. The
registry holds the worker's own rows; the layers above (``sms``, ``dispatch``), which this
app may not import, add their sections with ``section_register`` from ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Activity, Demographics, DuesPayment, EnglishLevel, PrivacyEvent, Worker

FORMAT = "jornada-worker-export/1"
LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # a lazy translation
    rows: Callable[[Worker], list[dict[str, Any]]]
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def section_register(section: Section) -> None:
    """Add (or replace, by key) a section of the export."""
    _SECTIONS[section.key] = section


def both(text: Any) -> dict[str, str]:
    """A text in every language the export is written in: ``{"es": …, "en": …}``."""
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = str(text)
    return result


def plain(value: Any) -> Any:
    """A value as JSON: dates and times in ISO 8601, money as a decimal string."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def choice(value: Any, choices: Iterable[tuple[Any, Any]]) -> dict[str, Any]:
    """A coded value with its label in both languages: ``{"code": …, "es": …, "en": …}``."""
    label = dict(choices).get(value, value)
    return {"code": value, **both(label)}


def worker_export_data(*, worker: Worker) -> dict[str, Any]:
    with timezone.override(worker.center.tz):
        sections = {
            section.key: {
                "title": both(section.title),
                "rows": plain(section.rows(worker)),
            }
            for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
        }
        return {
            "format": FORMAT,
            "about": both(
                _(
                    "Everything the center holds about this worker. Each section has a "
                    "title in Spanish and English; dates are ISO 8601 in the center's time "
                    "zone, amounts are dollars."
                )
            ),
            "center": worker.center.name,
            "exported_at": plain(timezone.now()),
            "sections": sections,
        }


# --- the registry's own sections ----------------------------------------------------------


def _person(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "badge": worker.badge,
            "full_name": worker.full_name,
            "known_as": worker.known_as,
            "phone": str(worker.phone) if worker.phone else "",
            "preferred_language": choice(worker.preferred_language, Worker.Language.choices),
            "other_languages": worker.other_languages,
            "skills": [
                {"code": s.code, "es": s.name_es, "en": s.name_en} for s in worker.skills.all()
            ],
            "status": choice(worker.status, Worker.Status.choices),
            "dues_paid_through": worker.dues_paid_through,
            "suspended_until": worker.suspended_until,
            "suspension_reason": worker.suspension_reason,
            "notes": worker.notes,
            "sms_consent_at": worker.sms_consent_at,
            "sms_consent_method": worker.sms_consent_method,
            "sms_consent_language": worker.sms_consent_language,
            "sms_opted_out_at": worker.sms_opted_out_at,
            "photo_on_file": bool(worker.photo_name),
            "photo_consent_at": worker.photo_consent_at,
            "english_level": choice(worker.english_level, EnglishLevel.choices),
            "registered_at": worker.created_at,
            "erased_at": worker.erased_at,
        }
    ]


def _sanctions(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "day": s.day,
            "kind": choice(s.kind, s.Kind.choices),
            "reason": s.reason,
            "suspended_until": s.suspended_until,
            "lifted_at": s.lifted_at,
            "lift_reason": s.lift_reason,
        }
        for s in worker.sanctions.order_by("day", "pk")
    ]


def _dues(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "paid_on": p.paid_on,
            "amount": p.amount,
            "period_from": p.period_from,
            "period_to": p.period_to,
            "method": choice(p.method, DuesPayment.Method.choices),
            "note": p.note,
        }
        for p in worker.dues_payments.order_by("paid_on", "pk")
    ]


def _attendances(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "date": a.activity.date,
            "activity": a.activity.title,
            "kind": choice(a.activity.kind, Activity.Kind.choices),
            "hours": a.hours,
            "recorded_at": a.recorded_at,
        }
        for a in worker.attendances.select_related("activity").order_by("activity__date", "pk")
    ]


def _certificates(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "training": {
                "code": c.training.code,
                "es": c.training.name_es,
                "en": c.training.name_en,
            },
            "issued_on": c.issued_on,
            "expires_on": c.expires_on,
        }
        for c in worker.certificates.select_related("training").order_by("issued_on", "pk")
    ]


def _privacy(worker: Worker) -> list[dict[str, Any]]:
    return [
        {"at": e.at, "action": choice(e.action, PrivacyEvent.Action.choices)}
        for e in worker.privacy_events.order_by("at", "pk")
    ]


def _demographics(worker: Worker) -> list[dict[str, Any]]:
    """What the worker chose to tell for the funder report, if anything."""
    row = Demographics.objects.filter(worker=worker).first()
    if row is None:
        return []
    return [
        {name: choice(getattr(row, name), answers.choices)}
        for name, answers in Demographics.QUESTIONS.items()
    ]


section_register(Section("person", _("Personal data"), _person, order=0))
section_register(Section("demographics", _("Voluntary demographics"), _demographics, order=5))
section_register(Section("sanctions", _("Sanctions"), _sanctions, order=10))
section_register(Section("dues", _("Membership dues"), _dues, order=15))
section_register(Section("activities", _("Activities"), _attendances, order=30))
section_register(Section("certificates", _("Certificates"), _certificates, order=31))
section_register(Section("privacy_events", _("Exports and erasures"), _privacy, order=90))
