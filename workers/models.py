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
    required_training = models.ForeignKey(
        "workers.Training",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skills",
        verbose_name=_("certificate required"),
        help_text=_("A worker needs this certificate to be dispatched to a job with the skill."),
    )

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


class EnglishLevel(models.IntegerChoices):
    """How much English a worker speaks, on the center's own scale; ordered, so a job can
    ask for a minimum."""

    NONE = 0, _("No English")
    BASIC = 1, _("Basic")
    CONVERSATIONAL = 2, _("Conversational")
    FLUENT = 3, _("Fluent")


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
    #: The last day the worker's dues cover: follows from their payments
    #: (``workers.membership.paid_through_refresh``), never typed by hand.
    dues_paid_through = models.DateField(
        _("dues paid through"), null=True, blank=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    english_level = models.PositiveSmallIntegerField(
        _("English level"), choices=EnglishLevel.choices, default=EnglishLevel.NONE
    )
    #: The paid-through date the renewal reminder was texted about: one reminder a period.
    dues_reminder_for = models.DateField(null=True, blank=True, editable=False)
    #: The ID card photo: a file name in the private photo storage (``workers.photos``),
    #: kept only while the worker's consent to it is recorded.
    photo_name = models.CharField(
        max_length=80, blank=True, editable=False, default="", db_default=""
    )
    photo_consent_at = models.DateTimeField(_("photo consent given"), null=True, blank=True)
    photo_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_preference = models.CharField(
        _("contact by"),
        max_length=5,
        choices=Contact.choices,
        default=Contact.SMS,
        db_default=Contact.SMS,
    )
    #: The language of the recorded prompts a call plays (any code the center records, e.g.
    #: "mixteco"); empty: the SMS language.
    voice_language = models.CharField(
        _("call language"), max_length=20, blank=True, default="", db_default=""
    )

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
        reasons: dict[str, object] = {
            self.Status.INACTIVE: _("the membership is inactive"),
            self.Status.EXPIRED: _("the membership expired"),
            self.Status.EXPELLED: _("the membership was ended by the center"),
        }
        if self.status == self.Status.EXPIRED:
            if self.center.expired_members_sign_in:  # the center's choice
                reasons.pop(self.Status.EXPIRED)
            elif self.dues_paid_through is not None:
                paid = date_format(self.dues_paid_through, "DATE_FORMAT")
                reasons[self.Status.EXPIRED] = _(
                    "the membership expired (dues paid through %(date)s)"
                ) % {"date": paid}
        if self.status in reasons:
            return str(reasons[self.status])
        if self.is_suspended_on(day):
            return self._suspension()
        return None

    def _suspension(self) -> str:
        until = date_format(self.suspended_until or "", "DATE_FORMAT")
        return str(_("suspension until %(date)s") % {"date": until})


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


class Training(models.Model):
    """A kind of certificate the network recognizes (orientation, OSHA-10, …), named in both
    languages; ``valid_months`` empty means it never expires."""

    #: The training a center may require before a worker's first dispatch.
    ORIENTATION = "orientation"

    code = models.SlugField(_("code"), unique=True, max_length=40)
    name_en = models.CharField(_("name in English"), max_length=80)
    name_es = models.CharField(_("name in Spanish"), max_length=80)
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate never expires."),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, Skill.name_field())


class Activity(models.Model):
    """Something a center holds for its members: an orientation, a safety training, an ESL
    class, a worker assembly, a workshop. A training activity issues a certificate to those
    who complete it."""

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("Orientation")
        SAFETY = "safety", _("Safety training")
        ESL = "esl", _("ESL class")
        ASSEMBLY = "assembly", _("Worker assembly")
        WORKSHOP = "workshop", _("Workshop")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="activities", verbose_name=_("center")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    hours = models.DecimalField(_("duration (hours)"), max_digits=4, decimal_places=1)
    place = models.CharField(_("place"), max_length=160, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    training = models.ForeignKey(
        Training,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("certificate issued"),
    )
    notes = models.TextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["center", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="activity_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="activity_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.date}"

    @property
    def name(self) -> str:
        """The title, or the kind when it has none ("Orientation"), in the reader's language."""
        return self.title or str(self.get_kind_display())


class Attendance(models.Model):
    """A worker at an activity, recorded once (a badge scan at the desk, or by hand)."""

    class Method(models.TextChoices):
        SCAN = "scan", _("Badge scan")
        SEARCH = "search", _("Search")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activity")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("worker")
    )
    #: Hours attended: the activity's duration unless the desk says less (left early).
    hours = models.DecimalField(_("hours attended"), max_digits=4, decimal_places=1)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.SCAN)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "worker"], name="attendance_once_per_activity"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="attendance_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.activity_id}"


class Certificate(models.Model):
    """A training a worker completed: issued on a date, valid until ``expires_on`` (empty:
    never expires)."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("worker")
    )
    training = models.ForeignKey(
        Training, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("training")
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("activity"),
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    #: When the worker was texted that it expires soon (once per certificate).
    expiry_notice_at = models.DateTimeField(null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["center", "expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "activity"],
                condition=models.Q(activity__isnull=False),
                name="one_certificate_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.training_id} {self.issued_on}"

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day and (self.expires_on is None or day <= self.expires_on)


class Demographics(models.Model):
    """What a worker chose to tell about themselves for the funder report, where the center
    asks (``Center.demographics_enabled``). Voluntary: every answer starts as "prefer not to
    say". Never read by dispatch or shown at the desk; the report shows only suppressed
    counts; erased with the worker. No immigration status, SSN or government ID, ever."""

    PREFER_NOT = "prefer_not"

    class Gender(models.TextChoices):
        PREFER_NOT = "prefer_not", _("Prefer not to say")
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        OTHER = "other", _("Another gender")

    class AgeGroup(models.TextChoices):
        PREFER_NOT = "prefer_not", _("Prefer not to say")
        UNDER_25 = "under_25", _("Under 25")
        FROM_25 = "25_39", _("25 to 39")
        FROM_40 = "40_54", _("40 to 54")
        FROM_55 = "55_plus", _("55 or older")

    class Ethnicity(models.TextChoices):
        PREFER_NOT = "prefer_not", _("Prefer not to say")
        LATINO = "latino", _("Hispanic or Latino")
        INDIGENOUS = "indigenous", _("Indigenous")
        BLACK = "black", _("Black or African American")
        WHITE = "white", _("White")
        ASIAN = "asian", _("Asian")
        OTHER = "other", _("Another or several")

    #: The questions and their answers, in the order they are asked and reported.
    QUESTIONS: dict[str, type[models.TextChoices]] = {
        "gender": Gender,
        "age_group": AgeGroup,
        "ethnicity": Ethnicity,
    }

    worker = models.OneToOneField(
        Worker, on_delete=models.CASCADE, related_name="demographics", verbose_name=_("worker")
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.PREFER_NOT
    )
    age_group = models.CharField(
        _("age group"), max_length=12, choices=AgeGroup.choices, default=AgeGroup.PREFER_NOT
    )
    ethnicity = models.CharField(
        _("race or ethnicity"),
        max_length=12,
        choices=Ethnicity.choices,
        default=Ethnicity.PREFER_NOT,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voluntary demographics")
        verbose_name_plural = _("voluntary demographics")

    def __str__(self) -> str:
        return f"#{self.worker_id}"


class DuesPayment(models.Model):
    """Membership dues paid at the desk: how much, the period it covers, how, who took it."""

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card")
        CHECK = "check", _("Check")
        MONEY_ORDER = "money_order", _("Money order")
        WAIVED = "waived", _("Waived by the center")
        OTHER = "other", _("Other")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("center")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="dues_payments", verbose_name=_("worker")
    )
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2)
    period_from = models.DateField(_("covers from"))
    period_to = models.DateField(_("covers through"))
    method = models.CharField(_("paid by"), max_length=12, choices=Method.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("taken by"),
    )
    paid_on = models.DateField(_("paid on"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        indexes = [models.Index(fields=["center", "paid_on"], name="dues_center_paid_on")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="dues_not_negative"),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="dues_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.amount} {self.period_from}–{self.period_to}"
