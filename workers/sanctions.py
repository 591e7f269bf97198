"""Sanctions and suspensions: strikes counted by the center's rule, lifted by the desk."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centers.errors import ApplicationError
from centers.history import save_with_history

from .models import Sanction, Worker


class SanctionError(ApplicationError):
    """A sanction or suspension rule said no."""


def strikes_counted(*, worker: Worker, day: date) -> int:
    """Strikes in the center's window of days ending on ``day`` that have not suspended
    anyone yet."""
    center = worker.center
    window_start = day - timedelta(days=max(center.strike_window_days, 1) - 1)
    strikes = Sanction.objects.filter(worker=worker, day__gte=window_start, day__lte=day)
    last_suspending = (
        Sanction.objects.filter(worker=worker, suspended_until__isnull=False)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if last_suspending is not None:
        strikes = strikes.filter(pk__gt=last_suspending)
    return strikes.count()


@transaction.atomic
def sanction_record(
    *,
    worker: Worker,
    kind: str,
    reason: str,
    by: Any = None,
    day: date | None = None,
    assignment_id: int | None = None,
    suspend_days: int | None = None,
) -> Sanction:
    """Record a strike. The center's rule (``strike_limit`` strikes within
    ``strike_window_days``) suspends the worker for ``suspension_days``; ``suspend_days``
    suspends at once (serious misconduct)."""
    worker = Worker.objects.select_for_update().select_related("center").get(pk=worker.pk)
    center = worker.center
    reason = (reason or "").strip()
    if not reason:
        raise SanctionError(_("Write why the sanction is recorded."), field="reason")
    if kind not in Sanction.Kind.values:
        raise SanctionError(_("Choose a kind of sanction."), field="kind")
    if suspend_days is not None and suspend_days < 1:
        raise SanctionError(_("A suspension lasts at least one day."), field="suspend_days")
    today = center.today()
    day = day or today
    sanction = Sanction(
        center=center,
        worker=worker,
        kind=kind,
        reason=reason,
        day=day,
        decided_by=by if getattr(by, "is_authenticated", False) else None,
        related_assignment_id=assignment_id,
    )
    save_with_history(sanction, by=by)
    if suspend_days is None and center.strike_limit:
        strikes = strikes_counted(worker=worker, day=max(day, today))
        if strikes >= center.strike_limit:
            suspend_days = center.suspension_days
            note = gettext("%(count)d strikes in %(days)d days") % {
                "count": strikes,
                "days": center.strike_window_days,
            }
        else:
            return sanction
    elif suspend_days is None:
        return sanction
    else:
        note = sanction.get_kind_display()
    until = max(day, today) + timedelta(days=suspend_days)
    sanction.suspended_until = until
    save_with_history(sanction, by=by, fields=["suspended_until"])
    if worker.suspended_until is None or worker.suspended_until < until:
        worker.suspended_until = until
        worker.suspension_reason = f"{note}: {reason}"[:200]
    if worker.status == Worker.Status.ACTIVE:
        worker.status = Worker.Status.SANCTIONED
    worker.save(update_fields=["status", "suspended_until", "suspension_reason", "updated_at"])
    return sanction


@transaction.atomic
def suspension_lift(*, worker: Worker, reason: str, by: Any = None) -> Worker:
    """The desk ends a suspension early, saying why; the worker may sign in again."""
    worker = Worker.objects.select_for_update().select_related("center").get(pk=worker.pk)
    reason = (reason or "").strip()
    if not reason:
        raise SanctionError(_("Write why the suspension is lifted."), field="reason")
    today = worker.center.today()
    if not worker.is_suspended_on(today) and worker.status != Worker.Status.SANCTIONED:
        raise SanctionError(_("This worker is not suspended."), code="not_suspended")
    for sanction in Sanction.objects.filter(
        worker=worker, suspended_until__gte=today, lifted_at__isnull=True
    ):
        sanction.lifted_at = timezone.now()
        sanction.lifted_by = by if getattr(by, "is_authenticated", False) else None
        sanction.lift_reason = reason
        save_with_history(
            sanction, by=by, reason=reason, fields=["lifted_at", "lifted_by", "lift_reason"]
        )
    worker.suspended_until = None
    worker.suspension_reason = ""
    if worker.status == Worker.Status.SANCTIONED:
        worker.status = Worker.Status.ACTIVE
    worker.save(update_fields=["status", "suspended_until", "suspension_reason", "updated_at"])
    return worker
