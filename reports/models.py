"""The summary rows behind the board reports (written only by ``reports/stats.py``)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from employers.models import Employer
from workers.models import Worker


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
    ``reports.stats.stats_refresh``."""

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
