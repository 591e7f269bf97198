"""Reads of the worker registry, shared by pages, the API and other apps."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from centers.inputs import number_or_none
from centers.models import Center
from centers.text import fold

from . import cardcode
from .errors import BadgeError
from .models import Skill, Worker


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
