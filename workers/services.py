"""Writes of the worker registry: register, edit, delete, export and erase workers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import Center, User
from centers.text import fold

from .cardcode import BADGE_MAX
from .errors import RegistryConflict, RegistryError
from .exports import worker_export_data
from .models import Demographics, DuesPayment, EnglishLevel, PrivacyEvent, Sanction, Skill, Worker
from .photos import photo_discard
from .signals import worker_erased

#: Fields a coordinator may set directly; the rest are derived (badge, consent, search text).
EDITABLE = (
    "full_name",
    "known_as",
    "preferred_language",
    "other_languages",
    "status",
    "suspended_until",
    "suspension_reason",
    "notes",
    "english_level",
    "contact_preference",
    "voice_language",
)


def phone_normalize(raw: str | None, *, field: str = "phone") -> str:
    """E.164 for a phone typed at the desk (US by default); "" for none; an error if invalid."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise RegistryError(
            _(
                "“%(phone)s” is not a valid phone number. Type 10 digits, like 909 555 0123, "
                "or + and the country code."
            )
            % {"phone": raw},
            code="invalid_phone",
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def voice_language_clean(raw: str | None) -> str:
    """A call language as the center names it ("Mixteco" → "mixteco"): letters, digits,
    ' and -, at most 20; languages are data, any name the center records prompts for."""
    code = "-".join((raw or "").strip().lower().split())
    if len(code) > 20 or not all(ch.isalnum() or ch in "-'" for ch in code):
        raise RegistryError(
            _("Name the call language with letters, like mixteco or kiche."),
            field="voice_language",
        )
    return code


def phone_digits(phone: Any) -> str:
    """The digits a person might type to find a phone: national and international."""
    if not phone:
        return ""
    text = str(phone)
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"{digits} {digits[1:]}" if text.startswith("+1") else digits


def skills_resolve(codes: Iterable[str]) -> list[Skill]:
    codes = list(dict.fromkeys(str(code) for code in codes))
    skills = list(Skill.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {skill.code for skill in skills})
    if unknown:
        raise RegistryError(
            _("Unknown skill: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_skill",
            field="skills",
        )
    return skills


def worker_search_text(worker: Worker) -> str:
    return fold(f"{worker.badge} {worker.full_name} {worker.known_as} {phone_digits(worker.phone)}")


def _check_phone_free(center: Center, phone: str, worker: Worker | None) -> None:
    if not phone:
        return
    other = Worker.objects.filter(center=center, phone=phone)
    if worker is not None:
        other = other.exclude(pk=worker.pk)
    taken = other.first()
    if taken is not None:
        raise RegistryError(
            _("This phone number already belongs to worker #%(badge)s (%(name)s).")
            % {"badge": taken.badge, "name": taken.known_as},
            code="duplicate_phone",
            field="phone",
        )


def _apply(worker: Worker, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(worker, name, value.strip() if isinstance(value, str) else value)
    if not worker.full_name:
        raise RegistryError(_("Enter the worker's name."), code="required", field="full_name")
    if not worker.known_as:
        worker.known_as = worker.full_name.split()[0][:60]
    if worker.preferred_language not in Worker.Language.values:
        raise RegistryError(
            _("The SMS language must be Spanish or English."), field="preferred_language"
        )
    if worker.status not in Worker.Status.values:
        raise RegistryError(_("Unknown membership status."), field="status")
    if worker.english_level not in EnglishLevel.values:
        raise RegistryError(_("Unknown English level."), field="english_level")
    if worker.contact_preference not in Worker.Contact.values:
        raise RegistryError(
            _("Choose text message, phone call or both."), field="contact_preference"
        )
    worker.voice_language = voice_language_clean(worker.voice_language)
    if worker.suspended_until is None:
        worker.suspension_reason = ""
    elif not worker.suspension_reason:
        raise RegistryError(
            _("Say why the worker is suspended."), code="required", field="suspension_reason"
        )


def _set_consent(
    worker: Worker, *, consent: bool | None, method: str, language: str, by: User | None
) -> None:
    """Record SMS consent (when, how, in which language, by whom) or its withdrawal."""
    if consent is None:
        return
    if not consent:
        worker.sms_consent_at = None
        worker.sms_consent_method = ""
        worker.sms_consent_language = ""
        worker.sms_consent_by = None
        return
    method = method or Worker.ConsentMethod.VERBAL
    if method not in Worker.ConsentMethod.values:
        raise RegistryError(_("Unknown way of giving consent."), field="sms_consent_method")
    language = language or worker.preferred_language
    if worker.sms_consent_at is not None and (
        worker.sms_consent_method,
        worker.sms_consent_language,
    ) == (method, language):
        return
    worker.sms_consent_at = timezone.now()
    worker.sms_consent_method = method
    worker.sms_consent_language = language
    worker.sms_consent_by = by if by is not None and by.is_authenticated else None


def _save(worker: Worker, skills: list[Skill] | None) -> Worker:
    worker.search_text = worker_search_text(worker)
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError as exc:
        # The phone check above runs first; this is the race where two desks saved at once.
        raise RegistryError(
            _("This phone number or badge is already taken at this center."), code="duplicate"
        ) from exc
    if skills is not None:
        worker.skills.set(skills)
    return worker


@transaction.atomic
def worker_create(
    *,
    center: Center,
    by: User | None,
    phone: str = "",
    skills: Iterable[str] = (),
    badge: int | None = None,
    sms_consent: bool = False,
    sms_consent_method: str = "",
    sms_consent_language: str = "",
    **fields: Any,
) -> Worker:
    """Register a worker; the badge is the center's next number unless one is given."""
    worker = Worker(center=center)
    _apply(worker, fields)
    worker.phone = phone_normalize(phone)
    resolved = skills_resolve(skills)
    _check_phone_free(center, worker.phone, None)
    _set_consent(
        worker,
        consent=sms_consent,
        method=sms_consent_method,
        language=sms_consent_language,
        by=by,
    )
    # One desk at a time takes the next badge: the center row is the lock.
    Center.objects.select_for_update().filter(pk=center.pk).first()
    if badge is None:
        top = Worker.objects.filter(center=center).aggregate(top=Max("badge"))["top"]
        badge = (top or 0) + 1
    elif not 1 <= badge <= BADGE_MAX:
        raise RegistryError(
            _("A badge number is 1 to %(max)s.") % {"max": BADGE_MAX},
            code="invalid_badge",
            field="badge",
        )
    elif Worker.objects.filter(center=center, badge=badge).exists():
        raise RegistryError(
            _("Badge %(badge)s is already taken at this center.") % {"badge": badge},
            code="duplicate_badge",
            field="badge",
        )
    worker.badge = badge
    return _save(worker, resolved)


@transaction.atomic
def worker_update(
    *,
    worker: Worker,
    by: User | None,
    phone: str | None = None,
    skills: Iterable[str] | None = None,
    sms_consent: bool | None = None,
    sms_consent_method: str = "",
    sms_consent_language: str = "",
    **fields: Any,
) -> Worker:
    """Edit a worker; only the fields given change."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if worker.erased_at is not None:
        raise RegistryError(_("This worker's data was erased."), code="erased")
    _apply(worker, fields)
    if phone is not None:
        worker.phone = phone_normalize(phone)
        _check_phone_free(worker.center, worker.phone, worker)
    resolved = skills_resolve(skills) if skills is not None else None
    _set_consent(
        worker,
        consent=sms_consent,
        method=sms_consent_method,
        language=sms_consent_language,
        by=by,
    )
    return _save(worker, resolved)


@transaction.atomic
def worker_delete(*, worker: Worker) -> None:
    """Delete a worker registered by mistake; one with any history is refused."""
    try:
        worker.delete()
    except ProtectedError as exc:
        raise RegistryConflict(
            _(
                "Worker #%(badge)s has a history at the center and cannot be deleted. "
                "Mark them inactive, or erase their personal data."
            )
            % {"badge": worker.badge}
        ) from exc


def worker_export(*, worker: Worker, by: User) -> dict[str, Any]:
    """Everything the center holds about one worker, as JSON-ready data (``workers.exports``:
    every app adds its sections); the export is logged."""
    PrivacyEvent.objects.create(
        center=worker.center, worker=worker, action=PrivacyEvent.Action.EXPORT, by=by
    )
    return worker_export_data(worker=worker)


@transaction.atomic
def worker_erase(*, worker: Worker, by: User) -> Worker:
    """Remove a worker's personal data; the anonymous row stays so history still counts."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    worker.full_name = ""
    worker.known_as = ""
    worker.phone = ""
    worker.other_languages = ""
    worker.notes = ""
    worker.suspension_reason = ""
    worker.sms_consent_at = None
    worker.sms_consent_method = ""
    worker.sms_consent_language = ""
    worker.sms_consent_by = None
    worker.sms_opted_out_at = None
    worker.status = Worker.Status.INACTIVE
    worker.erased_at = timezone.now()
    worker.search_text = str(worker.badge)
    photo_discard(worker)
    worker.save()
    worker.dues_payments.update(note="")
    DuesPayment.history.filter(worker_id=worker.pk).update(note="")
    worker.sanctions.update(reason="")
    Sanction.history.filter(worker_id=worker.pk).update(reason="")
    Demographics.objects.filter(worker=worker).delete()
    worker_erased.send(sender=Worker, worker_id=worker.pk)
    PrivacyEvent.objects.create(
        center=worker.center, worker=worker, action=PrivacyEvent.Action.ERASE, by=by
    )
    return worker


@transaction.atomic
def demographics_record(*, worker: Worker, by: User | None, **answers: str) -> Demographics:
    """Keep what the worker chose to tell (gender, age group, race or ethnicity), only where
    the center asks; an answer left out stays "prefer not to say"."""
    if not worker.center.demographics_enabled:
        raise RegistryError(_("This center does not ask for demographics."), code="forbidden")
    if worker.erased_at is not None:
        raise RegistryError(_("This worker's data was erased."))
    unknown = set(answers) - set(Demographics.QUESTIONS)
    if unknown:
        raise TypeError(f"not a demographic question: {sorted(unknown)}")
    row = Demographics.objects.filter(worker=worker).first() or Demographics(worker=worker)
    for name, value in answers.items():
        if value not in Demographics.QUESTIONS[name].values:
            raise RegistryError(_("Choose one of the answers."), field=name)
        setattr(row, name, value)
    row.save()
    return row
