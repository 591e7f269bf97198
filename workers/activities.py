"""Writes of activities: schedule them, record attendance (a badge scan at the desk), complete
them, and issue the certificates of a training."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from centers.history import save_with_history
from centers.models import Center

from .errors import ActivityConflict, ActivityError
from .models import Activity, Attendance, Certificate, Training, Worker
from .selectors import badge_read

#: Fields a coordinator sets on an activity.
EDITABLE = ("kind", "title", "date", "start_time", "hours", "place", "capacity", "notes")
HOURS_MAX = Decimal("99.9")


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def certificate_expiry(*, training: Training, issued_on: date) -> date | None:
    """The last day a certificate of ``training`` issued on ``issued_on`` is valid (None:
    it never expires)."""
    if not training.valid_months:
        return None
    return months_later(issued_on, training.valid_months)


def trainings_resolve(codes: Iterable[str], *, field: str = "required_trainings") -> list[Training]:
    """The trainings named by ``codes``; an unknown code is refused."""
    codes = list(dict.fromkeys(str(code) for code in codes))
    trainings = list(Training.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {training.code for training in trainings})
    if unknown:
        raise ActivityError(
            _("Unknown training: %(code)s.") % {"code": ", ".join(unknown)},
            code="unknown_training",
            field=field,
        )
    return trainings


def _hours(value: Any, *, field: str = "hours") -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        hours = Decimal("-1")
    if not Decimal("0") < hours <= HOURS_MAX:
        raise ActivityError(
            _("Hours are a number more than 0 and at most %(max)s.") % {"max": HOURS_MAX},
            code="invalid_hours",
            field=field,
        )
    return hours


def _apply(activity: Activity, fields: dict[str, Any], training: str | Training | None) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    if activity.kind not in Activity.Kind.values:
        raise ActivityError(_("Choose a kind of activity."), code="invalid_kind", field="kind")
    if not isinstance(activity.date, date) or not isinstance(activity.start_time, time):
        raise ActivityError(_("Give the date and time."), code="required", field="date")
    activity.hours = _hours(activity.hours)
    if activity.capacity is not None and activity.capacity < 1:
        raise ActivityError(
            _("The capacity is at least 1 (empty: no limit)."),
            code="invalid_capacity",
            field="capacity",
        )
    if isinstance(training, str):
        training = trainings_resolve([training], field="training")[0] if training else None
    if training is None and activity.kind == Activity.Kind.ORIENTATION:
        training = Training.objects.filter(code=Training.ORIENTATION).first()
    activity.training = training


@transaction.atomic
def activity_create(
    *, center: Center, by: Any = None, training: str | Training | None = None, **fields: Any
) -> Activity:
    """Schedule an activity at ``center``. An orientation issues the orientation certificate
    unless another training is named."""
    activity = Activity(center=center)
    _apply(activity, fields, training)
    activity.created_by = by if getattr(by, "is_authenticated", False) else None
    save_with_history(activity, by=by)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, by: Any = None, training: str | Training | None = None, **fields: Any
) -> Activity:
    """Change an activity; its capacity cannot drop below those already recorded."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _apply(activity, fields, training)
    recorded = activity.attendances.count()
    if activity.capacity is not None and activity.capacity < recorded:
        raise ActivityError(
            _("%(count)s workers are already recorded: the capacity cannot be lower.")
            % {"count": recorded},
            code="capacity_below_recorded",
            field="capacity",
        )
    save_with_history(activity, by=by)
    return activity


def attendance_record(
    *,
    activity: Activity,
    badge: int | str | None = None,
    worker: Worker | None = None,
    method: str = Attendance.Method.SCAN,
    by: Any = None,
    now: datetime | None = None,
) -> Attendance:
    """Record that a worker (a scanned or typed badge, or one chosen in a search) is at
    ``activity``: once per worker, never past its capacity, never after it is completed.

    The activity row is the lock, so two desks scanning the last place at once cannot
    both get it; the unique (activity, worker) index backs "once"."""
    try:
        with transaction.atomic():
            return _attendance_record(
                activity=activity, badge=badge, worker=worker, method=method, by=by, now=now
            )
    except IntegrityError as exc:  # the same worker scanned at two desks at once
        raise ActivityConflict(
            _("This worker's attendance is already recorded."), code="already_recorded"
        ) from exc


def _attendance_record(
    *,
    activity: Activity,
    badge: int | str | None,
    worker: Worker | None,
    method: str,
    by: Any,
    now: datetime | None,
) -> Attendance:
    activity = Activity.objects.select_for_update(no_key=True).get(pk=activity.pk)
    center = activity.center
    if worker is None:
        number = badge_read(center=center, text="" if badge is None else badge)
        worker = Worker.objects.filter(center=center, badge=number, erased_at__isnull=True).first()
        if worker is None:
            raise ActivityError(
                _("No worker has badge %(badge)s.") % {"badge": number},
                code="unknown_badge",
                field="badge",
            )
    elif worker.center_id != center.pk:
        raise ActivityError(_("This worker belongs to another center."), code="other_center")
    if activity.completed_at is not None:
        raise ActivityConflict(
            _("This activity is already completed: attendance is closed."), code="completed"
        )
    earlier = Attendance.objects.filter(activity=activity, worker=worker).first()
    if earlier is not None:
        raise ActivityConflict(
            _("%(name)s is already recorded (at %(time)s).")
            % {
                "name": worker.desk_name,
                "time": time_format(earlier.recorded_at.astimezone(center.tz), "H:i"),
            },
            code="already_recorded",
        )
    if activity.capacity is not None:
        recorded = Attendance.objects.filter(activity=activity).count()
        if recorded >= activity.capacity:
            raise ActivityConflict(
                _(
                    "The activity is full (%(count)s of %(capacity)s places): %(name)s is not recorded."
                )
                % {"count": recorded, "capacity": activity.capacity, "name": worker.desk_name},
                code="full",
            )
    attendance = Attendance.objects.create(
        center=center,
        activity=activity,
        worker=worker,
        hours=activity.hours,
        method=method,
        recorded_at=now or timezone.now(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    attendance.worker = worker
    return attendance


@transaction.atomic
def attendance_set_hours(*, attendance: Attendance, hours: Any) -> Attendance:
    """The worker left early (or came late): fewer hours than the activity's, and no
    certificate for it when the activity is completed."""
    attendance = (
        Attendance.objects.select_related("activity")
        .select_for_update(of=("self",))
        .get(pk=attendance.pk)
    )
    value = _hours(hours)
    if value > attendance.activity.hours:
        raise ActivityError(
            _("No more than the activity's %(hours)s hours.")
            % {"hours": attendance.activity.hours},
            code="invalid_hours",
            field="hours",
        )
    attendance.hours = value
    attendance.save(update_fields=["hours"])
    return attendance


@transaction.atomic
def certificate_issue(
    *,
    worker: Worker,
    training: Training,
    issued_on: date,
    activity: Activity | None = None,
    by: Any = None,
) -> Certificate:
    """Issue ``worker`` a certificate of ``training``, valid from ``issued_on`` for the
    training's months; once per activity."""
    existing = (
        Certificate.objects.filter(worker=worker, activity=activity).first()
        if activity is not None
        else None
    )
    if existing is not None:
        return existing
    return Certificate.objects.create(
        center_id=worker.center_id,
        worker=worker,
        training=training,
        activity=activity,
        issued_on=issued_on,
        expires_on=certificate_expiry(training=training, issued_on=issued_on),
        issued_by=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def activity_complete(*, activity: Activity, by: Any = None, now: datetime | None = None) -> int:
    """The coordinator marks the activity held: attendance closes, and every worker who
    attended all of it gets the certificate of its training. Returns certificates issued."""
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("training")
        .get(pk=activity.pk)
    )
    if activity.completed_at is not None:
        raise ActivityConflict(_("This activity is already completed."), code="completed")
    activity.completed_at = now or timezone.now()
    activity.completed_by = by if getattr(by, "is_authenticated", False) else None
    save_with_history(activity, by=by, fields=["completed_at", "completed_by"])
    if activity.training is None:
        return 0
    full = Attendance.objects.filter(activity=activity, hours__gte=activity.hours)
    issued_by = activity.completed_by
    rows = [
        Certificate(
            center_id=activity.center_id,
            worker_id=worker_id,
            training=activity.training,
            activity=activity,
            issued_on=activity.date,
            expires_on=certificate_expiry(training=activity.training, issued_on=activity.date),
            issued_by=issued_by,
        )
        for worker_id in full.values_list("worker_id", flat=True)
    ]
    return len(Certificate.objects.bulk_create(rows, ignore_conflicts=True))
