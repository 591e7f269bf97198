"""The audit history page for center admins: who changed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views import View

from centers.scoping import ADMIN_ROLES, CenterScopedMixin
from dispatch.models import WageClaim
from dispatch.selectors.audit import AUDITED, audit_rows

PAGE_ROWS = 100


class AuditList(CenterScopedMixin, View):
    allowed_roles = ADMIN_ROLES
    model = WageClaim

    def get(self, request: Any) -> HttpResponse:
        kind = request.GET.get("kind", "")
        kind = kind if kind in AUDITED else ""
        object_id = request.GET.get("id", "")
        object_id = int(object_id) if object_id.isdigit() and len(object_id) < 16 else None
        try:
            before = datetime.fromisoformat(request.GET.get("before", ""))
        except ValueError:
            before = None
        if before is not None and before.tzinfo is None:
            before = None
        rows = audit_rows(
            center=request.center, kind=kind, object_id=object_id, before=before, limit=PAGE_ROWS
        )
        return render(
            request,
            "dispatch/audit_list.html",
            {
                "rows": rows,
                "kinds": [(name, label) for name, (_model, label) in AUDITED.items()],
                "kind": kind,
                "object_id": object_id,
                "older": rows[-1].at.isoformat() if len(rows) == PAGE_ROWS else "",
            },
        )
