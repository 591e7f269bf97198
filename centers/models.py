from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who logs in: staff of a center, an employer, or a network admin."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")

    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, blank=True, default=""
    )


SMS_NAME_MAX = 20
_MINOR_WORDS = frozenset({"de", "del", "la", "las", "el", "los", "y", "of", "the", "and", "for"})


def sms_name_default(name: str) -> str:
    """A short name for a center in SMS (at most 20 characters): the name itself when it is
    short, else its first word and the initials of the others ("Pomona Economic Opportunity
    Center" → "Pomona EOC", "Centro Laboral de Graton" → "Centro LG")."""
    name = " ".join(name.split())
    if len(name) <= SMS_NAME_MAX:
        return name
    first, *rest = name.split()
    initials = "".join(word[0].upper() for word in rest if word.casefold() not in _MINOR_WORDS)
    return f"{first[: SMS_NAME_MAX - len(initials) - 1]} {initials}".strip()[:SMS_NAME_MAX]


class Center(models.Model):
    Language = User.Language

    class LotteryMode(models.TextChoices):
        UNIFORM = "uniform", _("Uniform draw")
        TIERED = "tiered", _("Fewer jobs this week first")
        DEFICIT = "deficit", _("Furthest behind fair share first")

    class DeclinePolicy(models.TextChoices):
        KEEP_POSITION = "keep_position", _("Keeps their place")
        MOVE_TO_END = "move_to_end", _("Goes to the end of the queue")

    class ExpiredMemberPolicy(models.TextChoices):
        SIGN_IN = "sign_in", _("Signs in like any member")
        LOWER_TIER = "lower_tier", _("Signs in, drawn after members in good standing")
        REFUSE = "refuse", _("Cannot sign in until dues are paid")

    class RemoteJoinOrder(models.TextChoices):
        WITH_EVERYONE = "with_everyone", _("With everyone signed in")
        AFTER_PRESENT = "after_present", _("After those at the center, in order of their text")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), unique=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Los_Angeles")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = PhoneNumberField(_("desk phone"), blank=True)
    languages = models.CharField(_("languages offered"), max_length=120, default="es,en")
    sms_number = PhoneNumberField(_("SMS sending number"), blank=True, db_index=True)
    sms_name = models.CharField(
        _("short SMS name"),
        max_length=SMS_NAME_MAX,
        blank=True,
        help_text=_(
            "How texts name the center, at most 20 characters. Empty: a short form of the name."
        ),
    )
    wage_floor = models.DecimalField(
        _("wage floor (per hour)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    signin_opens = models.TimeField(_("sign-in opens"), default=time(6, 0))
    lottery_cutoff = models.TimeField(_("lottery cutoff"), default=time(7, 30))
    lottery_mode = models.CharField(
        _("lottery mode"), max_length=10, choices=LotteryMode.choices, default=LotteryMode.UNIFORM
    )
    decline_policy = models.CharField(
        _("when a worker declines"),
        max_length=15,
        choices=DeclinePolicy.choices,
        default=DeclinePolicy.KEEP_POSITION,
    )
    one_job_per_day = models.BooleanField(_("one job per worker per day"), default=True)
    allow_employer_requests = models.BooleanField(
        _("employers may request workers by badge"), default=True
    )
    offer_timeout_minutes = models.PositiveSmallIntegerField(
        _("minutes to answer an SMS offer"), default=10
    )
    block_employers_with_open_claims = models.BooleanField(
        _("block employers with an open wage claim"), default=False
    )
    strike_limit = models.PositiveSmallIntegerField(_("strikes before suspension"), default=3)
    strike_window_days = models.PositiveSmallIntegerField(_("strike window (days)"), default=30)
    suspension_days = models.PositiveSmallIntegerField(_("automatic suspension (days)"), default=7)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Membership dues per period, as the assembly last set them (``AssemblyDecision``).
    dues_amount = models.DecimalField(
        _("dues amount"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    #: Voluntary, self-reported demographics for the funder report; off unless turned on.
    demographics_enabled = models.BooleanField(
        _("ask workers for voluntary demographics"), default=False, db_default=False
    )
    membership_grace_days = models.PositiveSmallIntegerField(
        _("days of grace after dues run out"), default=30, db_default=30
    )
    expired_member_policy = models.CharField(
        _("an expired member"),
        max_length=12,
        choices=ExpiredMemberPolicy.choices,
        default=ExpiredMemberPolicy.REFUSE,
        db_default=ExpiredMemberPolicy.REFUSE,
    )
    allow_remote_join = models.BooleanField(
        _("workers may join the line by text"),
        default=False,
        db_default=False,
        help_text=_("From sign-in opening to the lottery cutoff, a text LISTA or LINE joins."),
    )
    remote_join_order = models.CharField(
        _("who joined by text is drawn"),
        max_length=14,
        choices=RemoteJoinOrder.choices,
        default=RemoteJoinOrder.AFTER_PRESENT,
        db_default=RemoteJoinOrder.AFTER_PRESENT,
    )
    remote_join_limit = models.PositiveSmallIntegerField(
        _("most workers joining by text a day"), default=20, db_default=20
    )
    #: Every change of a setting (who, when, old → new) shows on the audit page.
    history = HistoricalRecords()
    orientation_required = models.BooleanField(
        _("orientation required before the first dispatch"), default=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wage_floor__gte=0), name="center_wage_floor_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def default_language(self) -> str:
        """The first of the center's languages that Jornada speaks (``es`` or ``en``)."""
        spoken = [code.strip() for code in self.languages.split(",")]
        return next((code for code in spoken if code in self.Language.values), "en")

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def expired_members_sign_in(self) -> bool:
        return self.expired_member_policy != self.ExpiredMemberPolicy.REFUSE

    def sms_sender_name(self) -> str:
        """The center's name as texts give it: ``sms_name``, else a short form of the name."""
        return self.sms_name.strip() or sms_name_default(self.name)

    def local_now(self) -> datetime:
        return timezone.now().astimezone(self.tz)

    def today(self) -> date:
        """The center's local date: what "today" means at this center's desk."""
        return self.local_now().date()

    def local_datetime(self, day: date, at: time) -> datetime:
        """An aware datetime for a local wall-clock time on a local date (DST-safe)."""
        return datetime.combine(day, at, tzinfo=self.tz)


class StaffMembership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CENTER_ADMIN = "center_admin", _("Center admin")
        BOARD = "board", _("Board member")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("center")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "center"], name="one_role_per_user_and_center")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.center} ({self.get_role_display()})"


class DisplayLink(models.Model):
    """A revocable link to a center's waiting-room screen, for a lobby TV that holds no login.

    Only the SHA-256 of the secret token is stored; the link is shown once, when made."""

    LABEL_MAX = 80

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="display_links", verbose_name=_("center")
    )
    label = models.CharField(_("label"), max_length=LABEL_MAX)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("display link")
        verbose_name_plural = _("display links")

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AssemblyDecision(models.Model):
    """A setting the workers' assembly voted on, with the vote and the day it takes effect.

    ``centers.services.decisions_apply_due`` changes the setting on its effective date (the
    center's local date) and names the decision in the setting's audit history."""

    class Setting(models.TextChoices):
        WAGE_FLOOR = "wage_floor", _("Wage floor")
        LOTTERY_MODE = "lottery_mode", _("Lottery mode")
        OFFER_TIMEOUT = "offer_timeout_minutes", _("Minutes to answer an SMS offer")
        DUES_AMOUNT = "dues_amount", _("Dues amount")

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("center")
    )
    setting = models.CharField(_("setting"), max_length=30, choices=Setting.choices)
    value = models.CharField(_("new value"), max_length=40)
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"))
    votes_abstain = models.PositiveIntegerField(_("abstentions"), default=0)
    assembly_date = models.DateField(_("assembly date"))
    effective_date = models.DateField(_("effective date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    #: When the setting was changed; null while the decision waits for its date.
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_date", "-pk"]
        verbose_name = _("assembly decision")
        verbose_name_plural = _("assembly decisions")
        indexes = [models.Index(fields=["applied_at", "effective_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_date__gte=models.F("assembly_date")),
                name="decision_effective_after_assembly",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_setting_display()} → {self.value} ({self.effective_date})"

    def reason(self) -> str:
        """What the setting's audit history says about why it changed (at most 100 chars)."""
        return str(
            _("Assembly of %(date)s: %(for)s for, %(against)s against, %(abstain)s abstain")
            % {
                "date": self.assembly_date.isoformat(),
                "for": self.votes_for,
                "against": self.votes_against,
                "abstain": self.votes_abstain,
            }
        )[:100]


class WageFloor(models.Model):
    """The center's wage floor from a date on: the floor in force on a day is the row with
    the latest ``starts_on`` not after it (``centers.selectors.wage_floor_on``)."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="wage_floors", verbose_name=_("center")
    )
    starts_on = models.DateField(_("in force from"))
    amount = models.DecimalField(_("wage floor (per hour)"), max_digits=6, decimal_places=2)
    decision = models.ForeignKey(
        AssemblyDecision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assembly decision"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["center", "-starts_on"]
        verbose_name = _("wage floor by date")
        verbose_name_plural = _("wage floors by date")
        constraints = [
            models.UniqueConstraint(fields=["center", "starts_on"], name="one_floor_per_day"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="wage_floor_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.center} {self.starts_on}: {self.amount}"
