"""Employers and the jobs they post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from centers.models import AssemblyDecision, Center
from employers import rules
from workers.models import EnglishLevel, Skill, Training, Worker

USER = settings.AUTH_USER_MODEL


class Employer(models.Model):
    class Approval(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Kind(models.TextChoices):
        HOMEOWNER = "homeowner", _("Homeowner")
        CONTRACTOR = "contractor", _("Contractor")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="employers", verbose_name=_("center")
    )
    name = models.CharField(_("contact name"), max_length=120)
    business_name = models.CharField(_("business name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.HOMEOWNER)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    #: ``db_default`` too, so rows written by plain SQL (the bench generator's COPY) get them.
    city = models.CharField(_("city"), max_length=100, blank=True, db_default="")
    state = models.CharField(_("state"), max_length=30, blank=True, db_default="")
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True, db_default="")
    notes = models.TextField(_("notes"), blank=True)
    blocked = models.BooleanField(_("blocked"), default=False)
    blocked_reason = models.CharField(_("why blocked"), max_length=255, blank=True)
    preferred_language = models.CharField(
        _("language"),
        max_length=5,
        choices=Center.Language.choices,
        blank=True,
        default="",
        help_text=_("For the employer's copy of the dispatch slip. Empty: the center's."),
    )
    portal_user = models.OneToOneField(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="employer"
    )
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Accounts made by the staff are approved; one that signed up in the portal waits for the
    #: center (docs/signup.md). ``db_default`` too, for rows written by plain SQL.
    approval = models.CharField(
        _("approval"),
        max_length=10,
        choices=Approval.choices,
        default=Approval.APPROVED,
        db_default=Approval.APPROVED,
    )
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    refused_reason = models.CharField(
        _("why refused"), max_length=255, blank=True, default="", db_default=""
    )
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("phone verified"), null=True, blank=True)
    #: The center's terms this employer accepted (``CenterTerms``), and when.
    terms = models.ForeignKey(
        "CenterTerms",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("terms accepted"),
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted on"), null=True, blank=True)
    #: Also tell this employer by text (who is coming, cancellations), besides email.
    notify_by_sms = models.BooleanField(_("texts too"), default=False, db_default=False)
    #: The phone code sent at sign-up (a hash, never the code), when, and the wrong tries.
    phone_code_hash = models.CharField(
        max_length=128, blank=True, default="", db_default="", editable=False
    )
    phone_code_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    phone_code_tries = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.display_name(self.name, self.business_name)

    @staticmethod
    def display_name(name: str, business_name: str) -> str:
        return f"{name} ({business_name})" if business_name else name

    @property
    def language(self) -> str:
        """The language to write to this employer in: theirs, or else the center's."""
        return self.preferred_language or self.center.default_language

    @property
    def address_lines(self) -> list[str]:
        """The postal address as it goes on a letter: street, then "City, ST 91766"."""
        place = ", ".join(part for part in (self.city, self.state) if part)
        last = " ".join(part for part in (place, self.postal_code) if part)
        return [line for line in (self.address, last) if line]

    @property
    def verified(self) -> bool:
        return bool(self.email_verified_at or self.phone_verified_at)


class CenterTerms(models.Model):
    """One version of a center's terms for employers (wage floor, minimum hours, safety,
    transport, payment on the day). A change is a new version; the old ones stay, since
    employers accepted them."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="employer_terms", verbose_name=_("center")
    )
    version = models.PositiveIntegerField(_("version"))
    text_es = models.TextField(_("terms in Spanish"))
    text_en = models.TextField(_("terms in English"))
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["center", "-version"]
        verbose_name = _("terms for employers")
        verbose_name_plural = _("terms for employers")
        constraints = [
            models.UniqueConstraint(fields=["center", "version"], name="one_terms_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.center} v{self.version}"

    def text(self, language: str) -> str:
        return self.text_es if language == "es" else self.text_en


class SignupAttempt(models.Model):
    """A sign-up tried from an address (a keyed hash of it, never the address itself), for
    the per-address throttle of the portal's sign-up."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("sign-up attempt")
        verbose_name_plural = _("sign-up attempts")

    def __str__(self) -> str:
        return f"sign-up attempt {self.at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        #: Posted by an employer the center has not approved yet: not dispatched.
        PENDING = "pending", _("Waiting for approval")

    class Source(models.TextChoices):
        DESK = "desk", _("At the desk")
        PHONE = "phone", _("By phone")
        PORTAL = "portal", _("Employer portal")
        API = "api", _("API")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("center")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("employer")
    )
    description = models.CharField(_("description"), max_length=rules.DESCRIPTION_MAX)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="+", verbose_name=_("skills needed")
    )
    workers_needed = models.PositiveSmallIntegerField(_("workers needed"), default=1)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=4, decimal_places=1)
    hourly_wage = models.DecimalField(_("hourly wage"), max_digits=6, decimal_places=2)
    #: The center's floor when the job was posted; the database refuses a wage below it.
    wage_floor = models.DecimalField(max_digits=6, decimal_places=2, editable=False)
    address = models.CharField(_("job address"), max_length=255)
    transport_provided = models.BooleanField(_("employer provides transport"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    source = models.CharField(
        _("posted"), max_length=10, choices=Source.choices, default=Source.DESK
    )
    requested_workers = models.ManyToManyField(
        Worker, blank=True, related_name="requested_for", verbose_name=_("requested workers")
    )
    cancelled_reason = models.CharField(_("why cancelled"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The last day of a job of several days (the same workers every day); null: one day.
    end_date = models.DateField(_("last day"), null=True, blank=True)
    #: The weekly series this job is an occurrence of.
    series = models.ForeignKey(
        "JobSeries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name=_("weekly job"),
    )
    required_trainings = models.ManyToManyField(
        Training, blank=True, related_name="+", verbose_name=_("certificates required")
    )
    min_english_level = models.PositiveSmallIntegerField(
        _("minimum English level"), choices=EnglishLevel.choices, default=EnglishLevel.NONE
    )
    #: Transport (``transport_provided``): where and when the employer picks the workers up;
    #: otherwise where they meet (empty: at the job address).
    pickup_place = models.CharField(
        _("pickup point"), max_length=120, blank=True, default="", db_default=""
    )
    pickup_time = models.TimeField(_("pickup time"), null=True, blank=True)
    meeting_place = models.CharField(
        _("meeting point"), max_length=120, blank=True, default="", db_default=""
    )
    #: When the day-before reminder went out (at most once), and when the employer was told
    #: who is coming.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["wage_floor", "reminded_at"])
    #: Set by ``job_create``: what the desk should know (an open wage claim). Not stored.
    warnings: list[str]

    class Meta:
        ordering = ["-date", "start_time", "pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["center", "date", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_wage__gte=F("wage_floor")), name="job_wage_at_least_floor"
            ),
            models.CheckConstraint(condition=Q(workers_needed__gte=1), name="job_needs_a_worker"),
            models.CheckConstraint(condition=Q(estimated_hours__gt=0), name="job_hours_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="job_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["series", "date"],
                condition=Q(series__isnull=False),
                name="one_occurrence_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]}"


class KindFloor(models.Model):
    """A wage floor and minimum hours for one kind of work (a skill), on top of the center's
    floor, from a date on. The row in force on a day is the latest not after it; an empty
    amount means no extra rule from that day on. The database refuses a job below it."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="kind_floors", verbose_name=_("center")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of work")
    )
    starts_on = models.DateField(_("in force from"))
    wage_floor = models.DecimalField(
        _("wage floor (per hour)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    min_hours = models.DecimalField(
        _("minimum hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    decision = models.ForeignKey(
        AssemblyDecision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assembly decision"),
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["skill__sort_order", "skill__code", "-starts_on"]
        verbose_name = _("floor for a kind of work")
        verbose_name_plural = _("floors for kinds of work")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "skill", "starts_on"], name="one_kind_floor_per_day"
            ),
            models.CheckConstraint(
                condition=Q(wage_floor__isnull=True) | Q(wage_floor__gt=0),
                name="kind_floor_positive",
            ),
            models.CheckConstraint(
                condition=Q(min_hours__isnull=True) | Q(min_hours__gt=0),
                name="kind_min_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.starts_on}"


class JobSeries(models.Model):
    """A job that recurs weekly: each occurrence is a normal job linked here (docs/multiday.md)."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    #: The first occurrence: the later ones copy it.
    first_job = models.OneToOneField(
        Job, on_delete=models.CASCADE, related_name="+", verbose_name=_("first job")
    )
    until = models.DateField(_("repeat weekly until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly job")
        verbose_name_plural = _("weekly jobs")

    def __str__(self) -> str:
        return f"{self.first_job} → {self.until}"


class JobDay(models.Model):
    """One date of a job: every job has one per day it spans, confirmed or cancelled alone."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="days", verbose_name=_("job")
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_reason = models.CharField(_("why cancelled"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("job day")
        verbose_name_plural = _("job days")
        constraints = [models.UniqueConstraint(fields=["job", "date"], name="one_row_per_job_day")]

    def __str__(self) -> str:
        return f"{self.job_id} {self.date} ({self.status})"


class WorkerDecline(models.Model):
    """An employer asks not to be sent a worker again. The center reviews it: only a reason
    about the work can be accepted; discrimination is refused. An accepted decline keeps
    the worker from being offered this employer's jobs."""

    class Reason(models.TextChoices):
        """What the employer says (with their own words beside it)."""

        NO_SHOW = "no_show", _("Did not come or came very late")
        LEFT_EARLY = "left_early", _("Left before the work was done")
        QUALITY = "quality", _("Quality of the work")
        SAFETY = "safety", _("Unsafe work")
        CONDUCT = "conduct", _("Conduct at the job")
        OTHER = "other", _("Other (say why)")

    class Ground(models.TextChoices):
        """What the center finds the reason to be when it reviews the decline."""

        WORK = "work", _("A reason about the work")
        UNSUPPORTED = "unsupported", _("Not backed by what happened")
        NATIONAL_ORIGIN = "national_origin", _("National origin")
        LANGUAGE = "language", _("Language or accent")
        AGE = "age", _("Age")
        SEX = "sex", _("Sex, gender or pregnancy")
        RACE = "race", _("Race or color")
        RELIGION = "religion", _("Religion")
        DISABILITY = "disability", _("Disability")
        OTHER_PROTECTED = "other_protected", _("Another protected trait")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the center")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    #: Grounds that are discrimination: a decline for one of them is always refused.
    DISCRIMINATION = frozenset(
        {
            Ground.NATIONAL_ORIGIN,
            Ground.LANGUAGE,
            Ground.AGE,
            Ground.SEX,
            Ground.RACE,
            Ground.RELIGION,
            Ground.DISABILITY,
            Ground.OTHER_PROTECTED,
        }
    )

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="declines", verbose_name=_("employer")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="declined_by", verbose_name=_("worker")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("in the employer's words"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    ground = models.CharField(
        _("the center finds"), max_length=16, choices=Ground.choices, blank=True
    )
    review_note = models.CharField(_("the center's note"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("worker decline")
        verbose_name_plural = _("worker declines")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "worker"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_live_decline_per_employer_worker",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(ground="work"),
                name="decline_accepted_only_for_work",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ✕ {self.worker} ({self.status})"
