"""Reads of the worker registry, shared by pages, the API and other apps."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from centers.inputs import number_or_none
from centers.models import Center
from centers.text import fold

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
        queryset = worker_search(queryset, search)
    return queryset


def worker_by_badge(*, center: Center, badge: int | str) -> Worker | None:
    try:
        number = int(str(badge).strip().lstrip("#"))
    except ValueError:
        return None
    return Worker.objects.filter(center=center, badge=number).first()


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.all()
