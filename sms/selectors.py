"""Reads of the sms app: the template cost table, the simulator's phones and conversations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from centers.models import Center
from sms import catalog, segments
from sms.models import Message
from workers.models import Worker


@dataclass(frozen=True)
class TemplateCost:
    kind: str
    label: str
    language: str
    body: str
    length: int
    encoding: str
    segments: int
    one_segment: bool
    price: Decimal


def template_costs() -> list[TemplateCost]:
    """Every kind in every language, rendered with the longest values it can get."""
    per_segment = Decimal(settings.SMS_PRICE_PER_SEGMENT)
    rows = []
    for kind, template in catalog.TEMPLATES.items():
        for language in catalog.LANGUAGES:
            body = catalog.render(kind, catalog.worst_case(kind), language)
            counted = segments.count(body)
            rows.append(
                TemplateCost(
                    kind=kind,
                    label=str(catalog.Kind(kind).label),
                    language=language,
                    body=body,
                    length=counted.length,
                    encoding=counted.encoding,
                    segments=counted.segments,
                    one_segment=template.one_segment,
                    price=per_segment * counted.segments,
                )
            )
    return rows


def simulator_workers(*, center: Center) -> list[Worker]:
    return list(Worker.objects.filter(center=center).exclude(phone="").order_by("badge")[:500])


def conversation(*, center: Center, worker: Worker, limit: int = 100) -> QuerySet[Message]:
    """The texts between the center and a worker's phone, oldest first."""
    phone = str(worker.phone)
    recent = (
        Message.objects.filter(center=center)
        .filter(Q(worker=worker) | Q(to_number=phone) | Q(from_number=phone, direction="in"))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return Message.objects.filter(pk__in=list(recent)).order_by("created_at", "pk")
