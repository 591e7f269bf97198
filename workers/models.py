from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from centers.models import Center
from workers.names import desk_name


class Skill(models.Model):
    """The shared catalog of skills, named in both languages."""

    code = models.SlugField(_("code"), unique=True, max_length=40)
    name_en = models.CharField(_("name in English"), max_length=80)
    name_es = models.CharField(_("name in Spanish"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, self.name_field())

    @staticmethod
    def name_field() -> str:
        """The field naming skills in the active language."""
        return "name_es" if (translation.get_language() or "en").startswith("es") else "name_en"


class Worker(models.Model):
    """A member of one center. Never holds immigration status, SSN or government IDs."""

    class Language(models.TextChoices):
        SPANISH = "es", _("Spanish")
        ENGLISH = "en", _("English")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        SANCTIONED = "sanctioned", _("Sanctioned")
        EXPIRED = "expired", _("Expired")
        EXPELLED = "expelled", _("Expelled")

    class Contact(models.TextChoices):
        SMS = "sms", _("Text message")
        VOICE = "voice", _("Phone call")
        BOTH = "both", _("Text and phone call")

    class ConsentMethod(models.TextChoices):
        VERBAL = "verbal", _("Verbal, at the desk")
        FORM = "form", _("Signed form")
        SMS = "sms", _("By text message")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="workers", verbose_name=_("center")
    )
    badge = models.PositiveIntegerField(_("badge"))
    full_name = models.CharField(_("full name"), max_length=120)
    known_as = models.CharField(_("known as"), max_length=60)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    preferred_language = models.CharField(
        _("SMS language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    other_languages = models.CharField(_("other languages spoken"), max_length=120, blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="workers", verbose_name=_("skills")
    )
    sms_consent_at = models.DateTimeField(_("SMS consent given"), null=True, blank=True)
    sms_consent_method = models.CharField(
        _("how consent was given"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    sms_consent_language = models.CharField(
        _("consent language"), max_length=2, choices=Language.choices, blank=True
    )
    sms_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sms_opted_out_at = models.DateTimeField(_("opted out of SMS"), null=True, blank=True)
    status = models.CharField(
        _("membership status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=200, blank=True)
    dues_paid_through = models.DateField(_("dues paid through"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    contact_preference = models.CharField(
        _("contact by"), max_length=5, choices=Contact.choices, default=Contact.SMS
    )
    #: The language of the recorded prompts a call plays (any code the center records, e.g.
    #: "mixteco"); empty: the SMS language.
    voice_language = models.CharField(_("call language"), max_length=20, blank=True)

    class Meta:
        ordering = ["center", "badge"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        constraints = [
            models.UniqueConstraint(fields=["center", "badge"], name="badge_unique_in_center"),
            models.UniqueConstraint(
                fields=["center", "phone"],
                condition=~models.Q(phone=""),
                name="phone_unique_in_center",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.badge} {self.known_as}"

    @property
    def desk_name(self) -> str:
        """ "Concepción R. · #15": how the desk names this worker (``workers.names``)."""
        return desk_name(known_as=self.known_as, full_name=self.full_name, badge=self.badge)

    @property
    def sms_reachable(self) -> bool:
        return (
            bool(self.phone) and self.sms_consent_at is not None and self.sms_opted_out_at is None
        )

    @property
    def wants_calls(self) -> bool:
        return self.contact_preference in (self.Contact.VOICE, self.Contact.BOTH)

    @property
    def wants_texts(self) -> bool:
        return self.contact_preference in (self.Contact.SMS, self.Contact.BOTH)

    @property
    def call_language(self) -> str:
        return self.voice_language or self.preferred_language

    def is_suspended_on(self, day: date) -> bool:
        return self.suspended_until is not None and day <= self.suspended_until

    def signin_refusal(self, day: date) -> str | None:
        """Why this worker may not sign in on ``day``, or None."""
        # Each reason finishes the sentence "Rosa cannot sign in: …" in either language,
        # about the membership rather than the person (no gender to agree with).
        reasons = {
            self.Status.INACTIVE: _("the membership is inactive"),
            self.Status.EXPIRED: _("the membership expired"),
            self.Status.EXPELLED: _("the membership was ended by the center"),
        }
        if self.status in reasons:
            return str(reasons[self.status])
        if self.is_suspended_on(day):
            until = date_format(self.suspended_until, "DATE_FORMAT")
            return str(_("suspension until %(date)s") % {"date": until})
        return None


class Sanction(models.Model):
    class Kind(models.TextChoices):
        NO_SHOW = "no_show", _("No-show after accepting a job")
        MISCONDUCT = "misconduct", _("Misconduct")
        OTHER = "other", _("Other")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("center")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="sanctions", verbose_name=_("worker")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    day = models.DateField(_("date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_assignment_id = models.BigIntegerField(null=True, blank=True)
    #: Set on the strike that suspended the worker: the last day of that suspension.
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.CharField(_("why lifted"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self) -> str:
        return f"{self.worker} {self.get_kind_display()} {self.day}"


class PrivacyEvent(models.Model):
    """Every export or erasure of a worker's personal data: who and when."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="privacy_events", verbose_name=_("worker")
    )
    action = models.CharField(max_length=10, choices=Action.choices, verbose_name=_("action"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("privacy event")
        verbose_name_plural = _("privacy events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.worker} {self.action} {self.at:%Y-%m-%d}"
