"""The audit trail: who changed what and when, over every audited model of a center."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centers.models import AssemblyDecision, Center, DisplayLink, WageFloor
from dispatch.models import Assignment, Departure, LotteryDraw, PriorityFlag
from employers.models import Job, KindFloor
from wages.models import WageClaim
from workers.models import Sanction

#: The audited models, by the short name used in the page's filter (each model carries
#: simple-history's ``history`` manager, which the type of a plain Model does not know).
AUDITED: dict[str, tuple[Any, Any]] = {
    "job": (Job, _("Job")),
    "assignment": (Assignment, _("Assignment")),
    "draw": (LotteryDraw, _("Lottery draw")),
    "claim": (WageClaim, _("Wage claim")),
    "sanction": (Sanction, _("Sanction")),
    "priority": (PriorityFlag, _("Priority flag")),
    "center": (Center, _("Center settings")),
    "display_link": (DisplayLink, _("Display link")),
    "departure": (Departure, _("Left for the day")),
    "decision": (AssemblyDecision, _("Assembly decision")),
    "wage_floor": (WageFloor, _("Wage floor by date")),
    "kind_floor": (KindFloor, _("Floor for a kind of work")),
}
#: How each audited model's history names its center (``center_id`` unless said here).
CENTER_FIELD = {"center": "id"}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
#: Fields that change on every save and say nothing to a person.
QUIET_FIELDS = {"search_text", "updated_at"}
#: A JSON value (a draw's inputs or order) is shown up to this many characters.
JSON_SHOWN_CHARS = 200


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class AuditRow:
    kind: str
    label: Any
    object_id: int
    at: datetime
    user: Any
    action: Any
    reason: str
    changes: list[Change]


def audit_rows(
    *,
    center: Center,
    kind: str = "",
    object_id: int | None = None,
    before: datetime | None = None,
    limit: int = 100,
) -> list[AuditRow]:
    """The latest ``limit`` history rows (newest first), each with what it changed.

    A fixed number of queries per audited model, whatever the number of rows."""
    rows: list[tuple[str, Any]] = []
    for name, (model, _label) in AUDITED.items():
        if kind and name != kind:
            continue
        center_field = CENTER_FIELD.get(name, "center_id")
        history = model.history.filter(**{center_field: center.pk}).select_related("history_user")
        if object_id is not None:
            history = history.filter(id=object_id)
        if before is not None:
            history = history.filter(history_date__lt=before)
        rows.extend((name, h) for h in history.order_by("-history_date", "-history_id")[:limit])
    rows.sort(key=lambda pair: pair[1].history_date, reverse=True)
    rows = rows[:limit]
    previous = _previous_versions(rows)
    return [
        AuditRow(
            kind=name,
            label=AUDITED[name][1],
            object_id=h.id,
            at=h.history_date,
            user=h.history_user,
            action=ACTIONS.get(h.history_type, h.history_type),
            # A service's own reason is kept as its English text (gettext_noop) and read in
            # the reader's language; a person's note reads as written.
            reason=gettext(h.history_change_reason) if h.history_change_reason else "",
            changes=_changes(h, previous.get((name, h.history_id))),
        )
        for name, h in rows
    ]


def _previous_versions(rows: list[tuple[str, Any]]) -> dict[tuple[str, int], Any]:
    """For each history row, the version of the same object just before it."""
    wanted: dict[str, set[int]] = {}
    for name, h in rows:
        wanted.setdefault(name, set()).add(h.id)
    previous: dict[tuple[str, int], Any] = {}
    for name, ids in wanted.items():
        model = AUDITED[name][0]
        older: dict[int, Any] = {}
        for version in model.history.filter(id__in=ids).order_by("history_date", "history_id"):
            previous[(name, version.history_id)] = older.get(version.id)
            older[version.id] = version
    return previous


def _changes(version: Any, before: Any) -> list[Change]:
    if before is None or version.history_type != "~":
        return []
    delta = version.diff_against(before)
    model = version.instance_type
    changes = []
    for change in delta.changes:
        if change.field in QUIET_FIELDS:
            continue
        field = model._meta.get_field(change.field)
        labels = dict(field.flatchoices) if field.choices else {}
        changes.append(
            Change(
                str(field.verbose_name),
                _shown(change.old, labels),
                _shown(change.new, labels),
            )
        )
    return changes


def _shown(value: Any, labels: dict[Any, Any]) -> Any:
    """A value as a person reads it: a choice by its label, JSON (lists, dicts) as short text."""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        return text if len(text) <= JSON_SHOWN_CHARS else text[: JSON_SHOWN_CHARS - 1] + "…"
    return labels.get(value, value)
