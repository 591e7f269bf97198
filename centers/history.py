"""Audit history helpers for services (django-simple-history).

simple_history records a row on ``save()`` through signals, so ``QuerySet.update()`` and
``bulk_update()`` leave no trace. Services that change audited rows either save them with
``save_with_history`` or change many at once with ``update_with_history``, which writes the
rows and their history in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from simple_history.utils import bulk_update_with_history


def save_with_history(
    obj: Model, *, by: Any = None, reason: str = "", fields: Iterable[str] | None = None
) -> None:
    """Save one audited row, naming who changed it (the request's user when ``by`` is None)."""
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason[:100]  # type: ignore[attr-defined]
    obj.save(update_fields=list(fields) if fields is not None else None)


@transaction.atomic
def update_with_history(
    queryset: QuerySet[Any], *, by: Any = None, reason: str = "", **changes: Any
) -> list[Model]:
    """Like ``queryset.update(**changes)``, but every changed row gets its history row.

    The rows are locked first, so the WHERE clause still decides atomically which rows change.
    """
    rows = list(queryset.select_for_update())
    if not rows:
        return []
    for row in rows:
        for field, value in changes.items():
            setattr(row, field, value)
    user = by if by is not None and getattr(by, "is_authenticated", False) else None
    bulk_update_with_history(
        rows,
        queryset.model,
        list(changes),
        default_user=user,
        default_change_reason=reason[:100] or None,
    )
    return rows
