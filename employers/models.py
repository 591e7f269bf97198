"""Employers and the jobs they post."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from centers.models import Center
from employers import rules
from workers.models import Skill, Worker

USER = settings.AUTH_USER_MODEL


class Employer(models.Model):
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


class Job(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

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
    history = HistoricalRecords(excluded_fields=["wage_floor"])
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
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]}"


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
