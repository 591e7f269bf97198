"""Membership and dues: payments taken at the desk, the paid-through date that follows from
them, the nightly expiry past the center's grace period and who is due a renewal reminder.

A member's dues cover them through ``Worker.dues_paid_through``, the latest day any of their
payments covers. Past that day the center gives ``Center.membership_grace_days`` of grace;
the first local day after the grace the membership expires (``Worker.Status.EXPIRED``) and
what an expired member may do is the center's ``expired_member_policy``. A payment that
covers today again (grace included) makes the membership active. A worker with no payment
at all is not tracked for dues and never expires by itself.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.history import save_with_history
from centers.models import Center, User
from centers.money import money_text

from .errors import RegistryError
from .models import DuesPayment, Worker

#: The most one payment may be (dollars) and the longest period it may cover (days).
DUES_MAX = Decimal("5000.00")
PERIOD_MAX_DAYS = 3 * 366
#: How many days before the dues run out the renewal reminder is texted.
REMINDER_DAYS = 7
#: The statuses a dues payment or its lapse moves between; the others are the desk's call.
_LAPSING = (Worker.Status.ACTIVE,)


class DuesError(RegistryError):
    """A dues payment the desk typed cannot be recorded as it is."""


def membership_lapsed(*, paid_through: date | None, grace_days: int, today: date) -> bool:
    """True once the grace after ``paid_through`` is over on the center's local ``today``."""
    return paid_through is not None and today > paid_through + timedelta(days=grace_days)


def paid_through_of(worker: Worker) -> date | None:
    """The last day the worker's payments cover (None: no payment yet)."""
    return DuesPayment.objects.filter(worker=worker).aggregate(last=Max("period_to"))["last"]


def next_period_start(worker: Worker, *, today: date) -> date:
    """Where a new payment's period begins: the day after the dues run out, or today when
    they ran out long ago (a returning member does not pay for the months away)."""
    paid = worker.dues_paid_through
    if paid is None or membership_lapsed(
        paid_through=paid, grace_days=worker.center.membership_grace_days, today=today
    ):
        return today
    return paid + timedelta(days=1)


def _paid_through_refresh(worker: Worker, *, today: date) -> None:
    worker.dues_paid_through = paid_through_of(worker)
    lapsed = membership_lapsed(
        paid_through=worker.dues_paid_through,
        grace_days=worker.center.membership_grace_days,
        today=today,
    )
    if worker.status == Worker.Status.EXPIRED and not lapsed:
        worker.status = Worker.Status.ACTIVE
    worker.save(update_fields=["dues_paid_through", "status", "updated_at"])


def _amount(raw: Any) -> Decimal:
    try:
        amount = Decimal(str(raw).strip().replace("$", "").replace(",", ""))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise DuesError(_("Type the amount in dollars, like 20 or 20.00."), field="amount")
    if amount < 0 or amount > DUES_MAX:
        raise DuesError(
            _("A payment is between $0 and %(max)s.") % {"max": money_text(DUES_MAX)},
            field="amount",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise DuesError(_("Give the amount in dollars and cents."), field="amount")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def dues_payment_record(
    *,
    worker: Worker,
    by: User | Any,
    amount: Any,
    period_from: date,
    period_to: date,
    method: str,
    note: str = "",
    now: datetime | None = None,
) -> DuesPayment:
    """Record dues paid at the desk; the worker's paid-through date (and an expired
    membership that the payment covers again) follows. Nothing is written on a refusal."""
    worker = Worker.objects.select_for_update().select_related("center").get(pk=worker.pk)
    if worker.erased_at is not None:
        raise DuesError(_("This worker's data was erased."), code="erased")
    amount = _amount(amount)
    if method not in DuesPayment.Method.values:
        raise DuesError(_("Choose how the dues were paid."), field="method")
    if period_to < period_from:
        raise DuesError(_("The period must end on or after the day it starts."), field="period_to")
    if (period_to - period_from).days > PERIOD_MAX_DAYS:
        raise DuesError(_("One payment covers at most three years."), field="period_to")
    today = (now or timezone.now()).astimezone(worker.center.tz).date()
    payment = DuesPayment(
        center=worker.center,
        worker=worker,
        amount=amount,
        period_from=period_from,
        period_to=period_to,
        method=method,
        note=note.strip(),
        taken_by=by if getattr(by, "is_authenticated", False) else None,
        paid_on=today,
    )
    save_with_history(payment, by=by)
    _paid_through_refresh(worker, today=today)
    return payment


@transaction.atomic
def dues_payment_delete(*, payment: DuesPayment, by: User | Any) -> None:
    """Delete a payment recorded by mistake (its history keeps who did it); the worker's
    paid-through date follows the payments left."""
    worker = Worker.objects.select_for_update().select_related("center").get(pk=payment.worker_id)
    if getattr(by, "is_authenticated", False):
        payment._history_user = by  # type: ignore[attr-defined]
    payment.delete()
    _paid_through_refresh(worker, today=worker.center.today())


# --- the nightly run -------------------------------------------------------------------


def memberships_expire(*, now: datetime | None = None) -> int:
    """Expire every active membership whose grace ran out by its center's local date.
    Running it again the same day changes nothing."""
    now = now or timezone.now()
    expired = 0
    for center in Center.objects.all():
        today = now.astimezone(center.tz).date()
        last_covered = today - timedelta(days=center.membership_grace_days + 1)
        expired += Worker.objects.filter(
            center=center,
            status__in=_LAPSING,
            erased_at__isnull=True,
            dues_paid_through__lte=last_covered,
        ).update(status=Worker.Status.EXPIRED, updated_at=now)
    return expired


def dues_reminders_claim(*, center: Center, today: date) -> list[Worker]:
    """Workers whose dues run out within a week and who were not reminded about this
    period yet, reachable by text; they are marked reminded (call it in the transaction
    that queues their texts, so a reminder goes out once per period)."""
    due = Worker.objects.filter(
        Q(dues_reminder_for__isnull=True) | ~Q(dues_reminder_for=F("dues_paid_through")),
        center=center,
        status__in=(Worker.Status.ACTIVE, Worker.Status.SANCTIONED),
        erased_at__isnull=True,
        dues_paid_through__gte=today,
        dues_paid_through__lte=today + timedelta(days=REMINDER_DAYS),
        sms_consent_at__isnull=False,
        sms_opted_out_at__isnull=True,
    ).exclude(phone="")
    workers = list(due.select_for_update())
    Worker.objects.filter(pk__in=[w.pk for w in workers]).update(
        dues_reminder_for=F("dues_paid_through")
    )
    return workers


# --- reads -----------------------------------------------------------------------------


def dues_payments_of(worker: Worker) -> QuerySet[DuesPayment]:
    return worker.dues_payments.select_related("taken_by").order_by("-period_to", "-pk")
