"""The worker's data export, the SMS part: every text to and from the worker, and the
opt-outs of their phone number at the center."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sms.models import Message, OptOut
from workers.exports import Section, choice, section_register
from workers.models import Worker


def _messages(worker: Worker) -> list[dict[str, Any]]:
    rows = Message.objects.filter(worker=worker, center=worker.center).order_by("created_at", "pk")
    return [
        {
            "direction": choice(m.direction, Message.Direction.choices),
            "at": m.created_at,
            "from": str(m.from_number or ""),
            "to": str(m.to_number or ""),
            "body": m.body,
            "language": m.language,
            "kind": m.kind,
            "segments": m.segments,
            "status": choice(m.status, Message.Status.choices),
            "sent_at": m.sent_at,
            "delivered_at": m.delivered_at,
            "error_code": m.error_code,
        }
        for m in rows
    ]


def _opt_outs(worker: Worker) -> list[dict[str, Any]]:
    if not worker.phone:
        return []
    return [
        {"at": o.opted_out_at, "keyword": o.keyword, "source": o.source}
        for o in OptOut.objects.filter(center=worker.center, phone=worker.phone)
    ]


def sections_register() -> None:
    section_register(Section("text_messages", _("Text messages"), _messages, order=50))
    section_register(Section("sms_opt_outs", _("Text message opt-outs"), _opt_outs, order=51))
