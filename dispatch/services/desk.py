"""The desk's scan box: each scan signs in (through ``morning.signin_create``), or in
attendance mode records attendance at an activity (``workers.activities.attendance_record``),
once, under the key the desk sent with it, and keeps its answer, so a retried request gets
the same answer and never signs anyone in (or counts them) twice."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.errors import ApplicationError
from centers.models import Center
from dispatch.models import DeskScan, SignIn
from workers import activities
from workers.models import Activity, Attendance, Worker

from . import morning

#: How long the server remembers a scan's key: far longer than any retry of the desk.
SCAN_KEY_DAYS = 2


def desk_scan(
    *,
    center: Center,
    typed: str,
    key: uuid.UUID | None = None,
    badge: int | str | None = None,
    worker: Worker | None = None,
    method: str = SignIn.Method.SCAN,
    by: Any = None,
    activity: Activity | None = None,
) -> DeskScan:
    """Sign in the badge (or the worker chosen in a search) and return the answer.

    With a ``key``, the answer is stored with it in the same transaction as the sign-in: the
    same key again returns the stored answer (a concurrent retry waits on the key's unique
    index, then reads it) and never signs in a second time. Without one nothing is kept."""
    if key is not None:
        earlier = DeskScan.objects.filter(center=center, key=key).first()
        if earlier is not None:
            return earlier
    scan = DeskScan(
        center=center,
        key=key or uuid.uuid4(),
        typed=typed[:60],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if activity is not None and activity.center_id != center.pk:
        raise ValueError("attendance at an activity of another center")
    if key is None:
        _answer(scan, center=center, badge=badge, worker=worker, method=method, activity=activity)
        return scan
    try:
        with transaction.atomic():
            _answer(
                scan, center=center, badge=badge, worker=worker, method=method, activity=activity
            )
            scan.save(force_insert=True)
    except IntegrityError:  # the same key, answered by a request that committed meanwhile
        return DeskScan.objects.get(center=center, key=key)
    return scan


def _answer(
    scan: DeskScan,
    *,
    center: Center,
    badge: int | str | None,
    worker: Worker | None,
    method: str,
    activity: Activity | None,
) -> None:
    """Sign in, or in attendance mode record attendance at ``activity``; a refusal is the
    answer, with its status."""
    try:
        with transaction.atomic():
            if activity is None:
                signin = morning.signin_create(
                    center=center, badge=badge, worker=worker, method=method
                )
            else:
                attendance = activities.attendance_record(
                    activity=activity,
                    badge=badge,
                    worker=worker,
                    method=method if method in Attendance.Method.values else Attendance.Method.SCAN,
                    by=scan.created_by,
                )
    except ApplicationError as error:
        scan.ok = False
        scan.status = error.status_code
        scan.message = str(error)[:300]
        return
    scan.ok = True
    if activity is not None:
        scan.attendance = attendance
        scan.message = (
            _("%(name)s is recorded at %(activity)s.")
            % {"name": attendance.worker.desk_name, "activity": activity.name}
        )[:300]
        return
    scan.signin = signin
    scan.number = signin.lottery_number
    scan.late = signin.late
    scan.message = (_("%(name)s is signed in.") % {"name": signin.worker.desk_name})[:300]


def desk_scans_prune(*, now: datetime | None = None) -> int:
    """Forget scan keys older than ``SCAN_KEY_DAYS`` (nightly)."""
    before = (now or timezone.now()) - timedelta(days=SCAN_KEY_DAYS)
    deleted, _by_model = DeskScan.objects.filter(created_at__lt=before).delete()
    return deleted
