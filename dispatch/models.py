from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from centers.models import Center
from dispatch import rules
from workers.models import Skill, Worker

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}
#: Assignments that hold a slot: dispatched, done, or a no-show (not cancelled or undone).
#: The assignment states that hold a place: sent, worked, or a no-show (not undone or cancelled).
LIVE_STATES = ["active", "completed", "no_show"]
LIVE_ASSIGNMENT = Q(state__in=LIVE_STATES)


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
                fields=["job", "slot"], condition=LIVE_ASSIGNMENT, name="one_worker_per_slot"
            ),
            models.UniqueConstraint(
                fields=["job", "worker"], condition=LIVE_ASSIGNMENT, name="worker_once_per_job"
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


# --- Summary rows for the board reports (written only by dispatch/stats.py) -----------


class StatsColumns(models.Model):
    """The report numbers of one day; every column is summable across days and centers."""

    date = models.DateField(_("date"))
    signins = models.PositiveIntegerField(_("sign-ins"), default=0)
    #: Sign-ins of workers who got a live assignment the same day.
    dispatched = models.PositiveIntegerField(_("dispatched"), default=0)
    jobs = models.PositiveIntegerField(_("jobs"), default=0)
    placements = models.PositiveIntegerField(_("placements"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=1, default=Decimal("0"))
    wages = models.DecimalField(
        _("wages paid"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    #: Assignments with both hours and pay recorded: their hours, their pay, and what the
    #: wage floor in force when each job was posted would have paid for those hours.
    paid_hours = models.DecimalField(
        _("paid hours"), max_digits=12, decimal_places=1, default=Decimal("0")
    )
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    floor_amount = models.DecimalField(
        _("pay at the wage floor"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    new_employers = models.PositiveIntegerField(_("new employers"), default=0)
    #: Workers who, as of this day, signed in on 10 of the last 30 days and got no job.
    idle_workers = models.PositiveIntegerField(_("idle workers"), default=0)
    claims_opened = models.PositiveIntegerField(_("wage claims opened"), default=0)
    claims_resolved = models.PositiveIntegerField(_("wage claims resolved"), default=0)
    owed = models.DecimalField(
        _("amount owed"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    recovered = models.DecimalField(
        _("amount recovered"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    sms_sent = models.PositiveIntegerField(_("text messages sent"), default=0)
    sms_segments = models.PositiveIntegerField(_("text message segments"), default=0)
    sms_cost = models.DecimalField(
        _("text message cost"), max_digits=12, decimal_places=4, default=Decimal("0")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DailyStats(StatsColumns):
    """One center-day of report numbers, recomputed from the raw tables by
    ``dispatch.stats.stats_refresh``."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="+", verbose_name=_("center")
    )

    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")
        indexes = [models.Index(fields=["date", "center"])]
        constraints = [
            models.UniqueConstraint(fields=["center", "date"], name="one_stats_row_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.date}"


class NetworkDailyStats(StatsColumns):
    """The sum of every center's DailyStats of one day: the whole network's report reads
    365 rows a year instead of 365 per center."""

    class Meta:
        verbose_name = _("network daily statistics")
        verbose_name_plural = _("network daily statistics")
        constraints = [models.UniqueConstraint(fields=["date"], name="one_network_row_a_day")]

    def __str__(self) -> str:
        return str(self.date)


class WorkerMonth(models.Model):
    """A worker's sign-in days and dispatches in one calendar month at one center: the
    distinct counts (unique workers, fairness) that daily rows cannot sum."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    signin_days = models.PositiveSmallIntegerField(default=0)
    dispatches = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("worker's month")
        verbose_name_plural = _("workers' months")
        indexes = [models.Index(fields=["center", "month"]), models.Index(fields=["month"])]
        constraints = [models.UniqueConstraint(fields=["worker", "month"], name="one_worker_month")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m}"


class WorkerYear(models.Model):
    """The same for a calendar year (the sum of the worker's month rows)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    signin_days = models.PositiveSmallIntegerField(default=0)
    dispatches = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("worker's year")
        verbose_name_plural = _("workers' years")
        #: The network's fairness reads (year, dispatches, signin_days) from the index alone.
        indexes = [
            models.Index(fields=["center", "year"]),
            models.Index(fields=["year", "dispatches", "signin_days"]),
        ]
        constraints = [models.UniqueConstraint(fields=["worker", "year"], name="one_worker_year")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.year}"


class EmployerMonth(models.Model):
    """An employer's live assignments in one calendar month: employers served (distinct)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    placements = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("employer's month")
        verbose_name_plural = _("employers' months")
        indexes = [models.Index(fields=["center", "month"]), models.Index(fields=["month"])]
        constraints = [
            models.UniqueConstraint(fields=["employer", "month"], name="one_employer_month")
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.month:%Y-%m}"


class EmployerYear(models.Model):
    """The same for a calendar year."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    placements = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("employer's year")
        verbose_name_plural = _("employers' years")
        indexes = [models.Index(fields=["center", "year"]), models.Index(fields=["year"])]
        constraints = [
            models.UniqueConstraint(fields=["employer", "year"], name="one_employer_year")
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.year}"
