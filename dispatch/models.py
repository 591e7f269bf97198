from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from employers.models import Job
from workers.models import Attendance, Worker

USER = settings.AUTH_USER_MODEL
MONEY: dict[str, Any] = {"max_digits": 10, "decimal_places": 2}
#: Assignments that hold a slot: dispatched, done, or a no-show (not cancelled or undone).
#: The assignment states that hold a place: sent, worked, or a no-show (not undone or cancelled).
LIVE_STATES = ["active", "completed", "no_show"]
LIVE_ASSIGNMENT = Q(state__in=LIVE_STATES)


class SignIn(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered a job")
        DISPATCHED = "dispatched", _("Dispatched")
        PASSED = "passed", _("Passed")
        LEFT = "left", _("Left")

    class Method(models.TextChoices):
        SCAN = "scan", _("Badge scan")
        SEARCH = "search", _("Search")
        API = "api", _("API")
        TEXT = "text", _("By text message")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="signins", verbose_name=_("center")
    )
    date = models.DateField(_("date"))
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="signins", verbose_name=_("worker")
    )
    signed_in_at = models.DateTimeField(_("signed in at"))
    late = models.BooleanField(_("after the cutoff"), default=False)
    present = models.BooleanField(_("at the center"), default=True)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.SCAN)
    lottery_number = models.PositiveIntegerField(_("lottery number"), null=True, blank=True)
    position = models.PositiveIntegerField(_("queue position"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.WAITING
    )

    class Meta:
        ordering = ["center", "date", "position", "signed_in_at"]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        indexes = [models.Index(fields=["center", "date", "position"])]
        constraints = [
            models.UniqueConstraint(fields=["center", "date", "worker"], name="one_signin_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.worker}"


class PriorityFlag(models.Model):
    """A worker put ahead of the draw for one day (volunteer of the day, a special list)."""

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    date = models.DateField(_("date"))
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="priority_flags", verbose_name=_("worker")
    )
    list_name = models.CharField(_("list"), max_length=60)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority flag")
        verbose_name_plural = _("priority flags")
        constraints = [
            models.UniqueConstraint(fields=["date", "worker"], name="one_priority_flag_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.worker} ({self.list_name})"


class DeskScan(models.Model):
    """One scan at the desk and the answer it got, kept under the key the desk sent with
    it, so a retried request gets the same answer and never signs anyone in twice."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    typed = models.CharField(max_length=60)
    ok = models.BooleanField(default=False)
    #: The HTTP status of the answer (200, or the refusal's 4xx), given again on a retry.
    status = models.PositiveSmallIntegerField(default=200)
    message = models.CharField(max_length=300)
    #: The lottery number or the "after the cutoff" mark, as first answered.
    number = models.PositiveIntegerField(null=True, blank=True)
    late = models.BooleanField(default=False)
    signin = models.ForeignKey(
        SignIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    #: In attendance mode: the attendance this scan recorded (instead of a sign-in).
    attendance = models.ForeignKey(
        Attendance, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("desk scan")
        verbose_name_plural = _("desk scans")
        constraints = [
            models.UniqueConstraint(fields=["center", "key"], name="one_answer_per_scan_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.typed}"


class Departure(models.Model):
    """A worker marked as gone for the day ("se fue"), with what the sign-in was before, so
    the desk can undo it for a short while; kept in the audit history."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    signin = models.ForeignKey(SignIn, on_delete=models.CASCADE, related_name="departures")
    state_before = models.CharField(_("state before"), max_length=12, choices=SignIn.State.choices)
    present_before = models.BooleanField(_("at the center before"))
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("undone by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("departure")
        verbose_name_plural = _("departures")

    def __str__(self) -> str:
        return f"{self.signin_id} left at {self.created_at:%H:%M}"


class LotteryDraw(models.Model):
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="draws", verbose_name=_("center")
    )
    date = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=10, choices=Center.LotteryMode.choices)
    commitment = models.CharField(_("commitment (SHA-256)"), max_length=64)
    #: Secret until the draw; revealed afterwards so anyone can re-run the order.
    seed = models.CharField(_("seed"), max_length=64)
    inputs = models.JSONField(_("lottery inputs"), default=dict, blank=True)
    order = models.JSONField(_("order drawn"), default=list, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")
        constraints = [models.UniqueConstraint(fields=["center", "date"], name="one_draw_a_day")]

    def __str__(self) -> str:
        return f"{self.center} {self.date}"

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def revealed_seed(self) -> str | None:
        return self.seed if self.is_drawn else None


class Assignment(models.Model):
    class How(models.TextChoices):
        LOTTERY = "lottery", _("Lottery queue")
        EMPLOYER_REQUEST = "employer_request", _("Requested by the employer")
        WALK_IN = "walk_in", _("Walk-in")
        SMS_OFFER = "sms_offer", _("SMS offer")

    class State(models.TextChoices):
        ACTIVE = "active", _("Dispatched")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")
        UNDONE = "undone", _("Undone")

    class PaidStatus(models.TextChoices):
        UNKNOWN = "unknown", _("Not known yet")
        PAID = "paid", _("Paid in full")
        PARTIAL = "partial", _("Partly paid")
        UNPAID = "unpaid", _("Not paid")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("center")
    )
    job = models.ForeignKey(
        Job, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("job")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("worker")
    )
    date = models.DateField(_("date"))
    slot = models.PositiveSmallIntegerField()
    #: Copied from the center's one-job-per-day policy; the database holds the rule.
    exclusive = models.BooleanField(default=True)
    how = models.CharField(_("how chosen"), max_length=20, choices=How.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    hours_worked = models.DecimalField(
        _("hours worked"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    amount_paid = models.DecimalField(_("amount paid"), **MONEY, null=True, blank=True)
    pay_note = models.CharField(_("why the amount differs"), max_length=255, blank=True)
    paid_status = models.CharField(
        _("paid"), max_length=10, choices=PaidStatus.choices, default=PaidStatus.UNKNOWN
    )
    worker_rating = models.PositiveSmallIntegerField(
        _("employer's rating of the worker"), null=True, blank=True
    )
    worker_rating_comment = models.CharField(max_length=300, blank=True)
    employer_rating = models.PositiveSmallIntegerField(
        _("worker's rating of the employer"), null=True, blank=True
    )
    employer_rating_comment = models.CharField(max_length=300, blank=True)
    ended_reason = models.CharField(_("reason"), max_length=255, blank=True)
    payment_check_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["center", "date"]), models.Index(fields=["worker", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "date", "slot"],
                condition=LIVE_ASSIGNMENT,
                name="one_worker_per_slot_a_day",
            ),
            models.UniqueConstraint(
                fields=["job", "worker", "date"],
                condition=LIVE_ASSIGNMENT,
                name="worker_once_per_job_day",
            ),
            models.UniqueConstraint(
                fields=["worker", "date"],
                condition=LIVE_ASSIGNMENT & Q(exclusive=True),
                name="one_job_a_day",
            ),
            models.CheckConstraint(condition=Q(slot__gte=1), name="slot_positive"),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) | Q(amount_paid__isnull=True),
                name="paid_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(worker_rating__isnull=True) | Q(worker_rating__range=(1, 5)),
                name="worker_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(employer_rating__isnull=True) | Q(employer_rating__range=(1, 5)),
                name="employer_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.job}"


class Offer(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="offers", verbose_name=_("center")
    )
    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="offers", verbose_name=_("job")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="offers", verbose_name=_("worker")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    expires_at = models.DateTimeField(_("expires at"))
    message = models.ForeignKey(
        "sms.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["state", "expires_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "worker"],
                condition=Q(state="pending"),
                name="one_pending_offer_per_job_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} ← {self.job} ({self.state})"


class DispatchDecision(models.Model):
    """Why a worker was chosen or passed over for a job: the desk's answer to "why not me?"."""

    class Outcome(models.TextChoices):
        CHOSEN = "chosen", _("Chosen")
        OFFERED = "offered", _("Offered by SMS")
        SKIPPED = "skipped", _("Skipped")

    class OutOfTurnReason(models.TextChoices):
        """Why the desk gave a job to someone out of turn: the coordinator chooses one."""

        EMPLOYER_REQUEST = "employer_request", _("The employer asked for this worker")
        SKILL = "skill", _("The job needs this worker's skill")
        SAME_JOB = "same_job", _("Returning to the same job")
        OTHER = "other", _("Other (say why)")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="+", verbose_name=_("center")
    )
    date = models.DateField(_("date"))
    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("job")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("worker")
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, verbose_name=_("outcome"))
    reason = models.CharField(max_length=30, verbose_name=_("reason"))
    detail = models.CharField(max_length=255, blank=True)
    position = models.PositiveIntegerField(null=True)
    #: Set on a choice made out of turn: what made it so (reason codes, comma-separated:
    #: ahead_of_line, missing_skill, not_signed_in), the reason chosen and its note.
    out_of_turn = models.CharField(max_length=60, blank=True, default="")
    out_of_turn_reason = models.CharField(
        max_length=20, choices=OutOfTurnReason.choices, blank=True, default=""
    )
    reason_note = models.CharField(max_length=255, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispatch decision")
        verbose_name_plural = _("dispatch decisions")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["center", "date", "worker"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.outcome}: {self.reason}"
