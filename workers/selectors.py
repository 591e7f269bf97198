"""Reads of the worker registry, shared by pages, the API and other apps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from centers.inputs import number_or_none
from centers.models import Center
from centers.text import fold

from . import cardcode
from .errors import BadgeError
from .models import Activity, Attendance, Certificate, Skill, Training, Worker

#: How long before a certificate expires the coordinator sees it listed and the worker is told.
EXPIRY_NOTICE_DAYS = 30


def search_terms(term: str) -> list[str]:
    """Folded words of a search; words with digits keep only their digits (phones, badges)."""
    words = []
    for word in fold(term).split():
        if any(ch.isdigit() for ch in word):
            word = "".join(ch for ch in word if ch.isdigit())
        if word:
            words.append(word)
    return words


def text_search(queryset: QuerySet[Any], term: str) -> QuerySet[Any]:
    """Every word must appear in the folded ``search_text`` column (accent/case-insensitive)."""
    for word in search_terms(term):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def worker_search(queryset: QuerySet[Worker], term: str) -> QuerySet[Worker]:
    """Search workers by badge, name or phone; an exact badge comes first."""
    queryset = text_search(queryset, term)
    term = term.strip().lstrip("#")
    badge = number_or_none(term)
    if badge is not None:
        queryset = queryset.annotate(
            exact_badge=Case(
                When(badge=badge, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("exact_badge", "badge")
    return queryset


def worker_list(
    *,
    center: Center | None,
    search: str = "",
    status: str = "",
    skill: str = "",
    language: str = "",
) -> QuerySet[Worker]:
    queryset = Worker.objects.filter(center=center).prefetch_related("skills").order_by("badge")
    if status:
        queryset = queryset.filter(status=status)
    if skill:
        queryset = queryset.filter(skills__code=skill)
    if language:
        queryset = queryset.filter(preferred_language=language)
    if search:
        queryset = worker_search(queryset, _card_as_badge(center, search))
    return queryset


def _card_as_badge(center: Center | None, term: str) -> str:
    """A card of ``center`` scanned into a search box searches for its badge."""
    try:
        scanned = cardcode.parse(term)
    except cardcode.CardCodeError:
        return term
    if center is not None and scanned.center_number == center.pk:
        return str(scanned.badge)
    return term


def badge_read(*, center: Center, text: str | int, field: str = "badge") -> int:
    """What a scanner or a person typed at ``center``, as one of its badge numbers.

    The one reader of badges: the desk's scan box and assign-by-badge, the sign-in and
    dispatch API, requested workers, claims and card sheets all call it. A card code
    (``workers.cardcode``) names its center: another center's card is refused with that
    center's name, a mistyped code by its check digit. A short number is a badge of
    ``center`` (what a person types, and what cards printed before the codes hold)."""
    try:
        scanned = cardcode.parse(str(text))
    except cardcode.CardCodeError as error:
        if error.kind == cardcode.MISTYPED:
            message = _("The code is mistyped — scan again or type the badge number.")
        elif error.kind == cardcode.EMPTY:
            message = _("Scan a card or type a badge number.")
        else:
            message = _("“%(badge)s” is not a badge number.") % {"badge": str(text).strip()}
        raise BadgeError(message, code=f"badge_{error.kind}", field=field) from error
    if scanned.center_number is not None and scanned.center_number != center.pk:
        owner = Center.objects.filter(pk=scanned.center_number).only("name").first()
        if owner is None:
            raise BadgeError(
                _("This card is not from any center of this network."),
                code="other_center",
                field=field,
            )
        raise BadgeError(
            _("This card belongs to %(center)s.") % {"center": owner.name},
            code="other_center",
            field=field,
        )
    return scanned.badge


def worker_by_badge(*, center: Center, badge: int | str) -> Worker | None:
    """The worker a scan or a typed badge names at ``center``, or None (see badge_read)."""
    number = badge_read(center=center, text=badge)
    return Worker.objects.filter(center=center, badge=number).first()


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.all()


# --- activities, attendance and certificates ----------------------------------------------


def _activities_in(*, center: Center | None, start: date, end: date) -> QuerySet[Activity]:
    """Activities held from ``start`` to ``end`` (the center's local dates, both included);
    ``center`` None: the whole network."""
    activities = Activity.objects.filter(date__gte=start, date__lte=end)
    return activities if center is None else activities.filter(center=center)


def activity_hours(
    *, center: Center | None, start: date, end: date, kind: str | None = None
) -> Decimal:
    """Hours of attendance (each worker's hours, summed) at activities held from ``start``
    to ``end``, of one ``kind`` (``Activity.Kind``, e.g. ``esl``) or of every kind."""
    activities = _activities_in(center=center, start=start, end=end)
    if kind is not None:
        activities = activities.filter(kind=kind)
    total = Attendance.objects.filter(activity__in=activities).aggregate(hours=Sum("hours"))
    return total["hours"] or Decimal("0")


def activity_hours_by_kind(*, center: Center | None, start: date, end: date) -> dict[str, Decimal]:
    """``activity_hours`` for every kind at once (kinds with no attendance: 0)."""
    rows = (
        Attendance.objects.filter(activity__in=_activities_in(center=center, start=start, end=end))
        .values("activity__kind")
        .annotate(hours=Sum("hours"))
        .values_list("activity__kind", "hours")
    )
    hours = dict.fromkeys(Activity.Kind.values, Decimal("0"))
    hours.update(dict(rows))
    return hours


@dataclass(frozen=True)
class CertificatesIssued:
    """Trainings completed in a period: certificates issued, and the distinct workers."""

    certificates: int
    workers: int


def certificates_issued(*, center: Center | None, start: date, end: date) -> CertificatesIssued:
    """Certificates issued from ``start`` to ``end`` (both included) and how many different
    workers received them (a worker trained twice counts once)."""
    rows = Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end)
    if center is not None:
        rows = rows.filter(center=center)
    counts = rows.aggregate(certificates=Count("pk"), workers=Count("worker", distinct=True))
    return CertificatesIssued(certificates=counts["certificates"], workers=counts["workers"])


def activity_list(*, center: Center, start: date | None = None) -> QuerySet[Activity]:
    """The center's activities (newest first), each with its number of attendees."""
    activities = Activity.objects.filter(center=center)
    if start is not None:
        activities = activities.filter(date__gte=start)
    return (
        activities.select_related("training")
        .annotate(attendees=Count("attendances"))
        .order_by("-date", "-start_time", "pk")
    )


def activities_on(*, center: Center, day: date) -> QuerySet[Activity]:
    """The activities of a day still open for attendance: the desk's attendance mode."""
    return (
        Activity.objects.filter(center=center, date=day, completed_at__isnull=True)
        .annotate(attendees=Count("attendances"))
        .order_by("start_time", "pk")
    )


def attendance_list(*, activity: Activity) -> QuerySet[Attendance]:
    """Who attended an activity, in the order recorded, with their certificate from it."""
    certified = Certificate.objects.filter(activity=activity, worker=OuterRef("worker_id"))
    return (
        Attendance.objects.filter(activity=activity)
        .select_related("worker", "recorded_by")
        .annotate(certified=Exists(certified))
        .order_by("recorded_at", "pk")
    )


def worker_activities(*, worker: Worker) -> QuerySet[Attendance]:
    """A worker's attendances, newest first, with each activity."""
    return (
        Attendance.objects.filter(worker=worker)
        .select_related("activity")
        .order_by("-activity__date", "-activity__start_time", "-pk")
    )


def worker_activity_hours(*, worker: Worker) -> dict[str, Decimal]:
    """A worker's hours of attendance per kind of activity (only kinds attended)."""
    rows = (
        Attendance.objects.filter(worker=worker)
        .values("activity__kind")
        .annotate(hours=Sum("hours"))
        .values_list("activity__kind", "hours")
    )
    return dict(rows)


def worker_certificates(*, worker: Worker) -> QuerySet[Certificate]:
    return Certificate.objects.filter(worker=worker).select_related("training", "activity")


def trainings_held(*, worker_ids: Iterable[int], day: date) -> dict[int, set[int]]:
    """For each worker, the trainings (ids) of their certificates valid on ``day``: one query."""
    held: dict[int, set[int]] = {}
    rows = (
        Certificate.objects.filter(worker_id__in=list(worker_ids), issued_on__lte=day)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .values_list("worker_id", "training_id")
    )
    for worker_id, training_id in rows:
        held.setdefault(worker_id, set()).add(training_id)
    return held


def certificates_expiring(
    *, center: Center, day: date, days: int = EXPIRY_NOTICE_DAYS
) -> QuerySet[Certificate]:
    """Certificates that expire within ``days`` of ``day`` and that the worker has not
    renewed (no later certificate of the same training), soonest first."""
    renewed = Certificate.objects.filter(
        worker=OuterRef("worker_id"),
        training=OuterRef("training_id"),
        issued_on__gt=OuterRef("issued_on"),
    )
    return (
        Certificate.objects.filter(
            center=center,
            expires_on__gte=day,
            expires_on__lte=day + timedelta(days=days),
            worker__erased_at__isnull=True,
        )
        .exclude(Exists(renewed))
        .select_related("worker", "training")
        .order_by("expires_on", "worker__badge")
    )


def training_list() -> QuerySet[Training]:
    return Training.objects.all()
