"""The audit history page for center admins: who changed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views import View

from centers.inputs import MAX_DATE, MIN_DATE, parse_optional_int
from centers.scoping import ADMIN_ROLES, CenterScopedMixin
from reports.audit import AUDITED, audit_rows
from wages.models import WageClaim

PAGE_ROWS = 100


class AuditList(CenterScopedMixin, View):
    allowed_roles = ADMIN_ROLES
    model = WageClaim

    def get(self, request: Any) -> HttpResponse:
        kind = request.GET.get("kind", "")
        kind = kind if kind in AUDITED else ""
        object_id = parse_optional_int(request.GET.get("id"), min_value=1, field="id")
        try:
            before = datetime.fromisoformat(request.GET.get("before", ""))
        except ValueError:
            before = None
        if before is not None and (
            before.tzinfo is None or not MIN_DATE <= before.date() <= MAX_DATE
        ):
            before = None
        rows = audit_rows(
            center=request.center, kind=kind, object_id=object_id, before=before, limit=PAGE_ROWS
        )
        return render(
            request,
            "reports/audit_list.html",
            {
                "rows": rows,
                "kinds": [(name, label) for name, (_model, label) in AUDITED.items()],
                "kind": kind,
                "object_id": object_id,
                "older": rows[-1].at.isoformat() if len(rows) == PAGE_ROWS else "",
            },
        )
