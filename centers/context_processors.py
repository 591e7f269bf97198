from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import StaffMembership
from .scoping import ADMIN_ROLES, DESK_ROLES, NETWORK_ADMIN, REPORT_ROLES, user_centers


def _role_label(role: str | None) -> str:
    if role == NETWORK_ADMIN:
        from django.utils.translation import gettext

        return gettext("Network admin")
    return str(StaffMembership.Role(role).label) if role else ""


def current_center(request: HttpRequest) -> dict[str, Any]:
    center = getattr(request, "center", None)
    role = getattr(request, "role", None)
    role = role if role else None
    return {
        "center": center if center else None,
        "role": role,
        "role_label": SimpleLazyObject(lambda: _role_label(role)),
        "user_center_choices": SimpleLazyObject(
            lambda: getattr(request, "_user_centers", None) or list(user_centers(request.user))
        ),
        "is_desk": role in DESK_ROLES,
        "is_center_admin": role in ADMIN_ROLES,
        "is_board": role in REPORT_ROLES,
    }
