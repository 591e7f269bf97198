"""Wage claims and their timeline (what happens after the job when the pay did not come)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from dispatch.models import MONEY, Assignment
from employers.models import Employer, Job
from workers.models import Worker

USER = settings.AUTH_USER_MODEL


class WageClaim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        EMPLOYER_CONTACTED = "employer_contacted", _("Employer contacted")
        DEMAND_LETTER_SENT = "demand_letter_sent", _("Demand letter sent")
        RESOLVED = "resolved", _("Resolved")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    class Referral(models.TextChoices):
        LABOR_COMMISSIONER = "labor_commissioner", _("Labor commissioner")
        SMALL_CLAIMS = "small_claims", _("Small claims court")
        LEGAL_AID = "legal_aid", _("Legal aid")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="claims", verbose_name=_("center")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="claims", verbose_name=_("worker")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="claims", verbose_name=_("employer")
    )
    job = models.ForeignKey(
        Job,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        verbose_name=_("job"),
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    work_start = models.DateField(_("first day of work"))
    work_end = models.DateField(_("last day of work"))
    amount_owed = models.DecimalField(_("amount owed"), **MONEY)
    amount_recovered = models.DecimalField(_("amount recovered"), **MONEY, default=Decimal("0"))
    #: What the employer had paid at the job, before the claim (earned = this + owed).
    amount_paid_at_job = models.DecimalField(
        _("paid at the job"), **MONEY, default=Decimal("0"), db_default=Decimal("0")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    referred_to = models.CharField(
        _("referred to"), max_length=20, choices=Referral.choices, blank=True
    )
    description = models.TextField(_("what happened"), blank=True)
    opened_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    OPEN_STATUSES = ("open", "employer_contacted", "demand_letter_sent", "referred")

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("wage claim")
        verbose_name_plural = _("wage claims")
        indexes = [
            models.Index(fields=["center", "status"]),
            models.Index(fields=["employer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_owed__gte=0), name="owed_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_recovered__gte=0), name="recovered_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount_paid_at_job__gte=0), name="paid_at_job_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(work_end__gte=F("work_start")), name="work_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.worker} / {self.employer}"

    @property
    def amount_earned(self) -> Decimal:
        """What the work earned: paid at the job plus what is owed."""
        return self.amount_paid_at_job + self.amount_owed

    @property
    def amount_paid_total(self) -> Decimal:
        """Everything the employer has paid: at the job and since the claim."""
        return self.amount_paid_at_job + self.amount_recovered

    @property
    def balance(self) -> Decimal:
        return self.amount_owed - self.amount_recovered


class ClaimEvent(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")
        PAYMENT = "payment", _("Payment")
        REFERRAL = "referral", _("Referral")
        STATUS = "status", _("Status change")

    claim = models.ForeignKey(WageClaim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    amount = models.DecimalField(**MONEY, null=True, blank=True, verbose_name=_("amount"))
    from_status = models.CharField(
        _("from status"), max_length=20, blank=True, choices=WageClaim.Status.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=20, blank=True, choices=WageClaim.Status.choices
    )
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.get_kind_display()} {self.at:%Y-%m-%d}"

    @property
    def from_label(self) -> str:
        return str(WageClaim.Status(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(WageClaim.Status(self.to_status).label) if self.to_status else ""


class WorkerRating(models.Model):
    """The employer's rating of a worker after a job: one per worker per job, editable for
    a few days (``wages.services.feedback.RATING_EDIT_DAYS``). Never read by the lottery."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="rating", verbose_name=_("assignment")
    )
    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("job")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("worker")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("employer")
    )
    on_time = models.BooleanField(_("on time"))
    quality = models.PositiveSmallIntegerField(_("quality of the work"))
    would_hire_again = models.BooleanField(_("would hire again"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("worker rating")
        verbose_name_plural = _("worker ratings")
        constraints = [
            models.UniqueConstraint(fields=["job", "worker"], name="one_rating_per_worker_job"),
            models.CheckConstraint(condition=Q(quality__range=(1, 5)), name="rating_quality_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.job}"
