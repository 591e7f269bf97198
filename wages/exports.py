"""The worker's data export, the wages part: wage claims with their payments and timeline.

Of the other people in these rows only what the worker dealt with is given (see
``dispatch.exports``): the employer by the name the center knows them by."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dispatch.exports import employer_name, job_row
from wages.models import WageClaim
from workers.exports import Section, choice, section_register
from workers.models import Worker


def _claims(worker: Worker) -> list[dict[str, Any]]:
    claims = (
        WageClaim.objects.filter(worker=worker, center=worker.center)
        .select_related("employer", "job__employer")
        .prefetch_related("events")
    )
    return [
        {
            "number": c.pk,
            "employer": employer_name(c),
            "job": job_row(c.job),
            "work_start": c.work_start,
            "work_end": c.work_end,
            "amount_owed": c.amount_owed,
            "amount_recovered": c.amount_recovered,
            "status": choice(c.status, WageClaim.Status.choices),
            "referred_to": c.referred_to,
            "description": c.description,
            "opened_at": c.opened_at,
            "resolved_at": c.resolved_at,
            "payments": [
                {"at": e.at, "amount": e.amount, "note": e.note}
                for e in c.events.all()
                if e.kind == e.Kind.PAYMENT
            ],
            "timeline": [
                {
                    "at": e.at,
                    "kind": choice(e.kind, e.Kind.choices),
                    "note": e.note,
                    "amount": e.amount,
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                }
                for e in c.events.all()
            ],
        }
        for c in claims.order_by("opened_at", "pk")
    ]


def sections_register() -> None:
    section_register(Section("wage_claims", _("Wage claims and payments"), _claims, order=40))
