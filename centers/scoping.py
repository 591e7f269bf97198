"""The one place that decides which center a request may see, and with which role.

Pages get ``request.center`` and ``request.role`` from ``CurrentCenterMiddleware``; API views
call ``current_center(request)`` after DRF authentication (token users are only known then).
Every queryset a user reaches goes through ``CenterScopedMixin`` / ``CenterScopedAPIMixin``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import translation
from rest_framework.permissions import BasePermission

from .models import Center, StaffMembership

Role = StaffMembership.Role
NETWORK_ADMIN = "network_admin"
SESSION_KEY = "center_slug"

#: Who may do what. A network admin (superuser) may do everything everywhere.
DESK_ROLES = frozenset({Role.COORDINATOR, Role.CENTER_ADMIN, NETWORK_ADMIN})
ADMIN_ROLES = frozenset({Role.CENTER_ADMIN, NETWORK_ADMIN})
REPORT_ROLES = frozenset({Role.BOARD, Role.CENTER_ADMIN, NETWORK_ADMIN})
STAFF_ROLES = DESK_ROLES | REPORT_ROLES


def user_centers(user: Any) -> QuerySet[Center]:
    if not getattr(user, "is_authenticated", False):
        return Center.objects.none()
    if user.is_superuser:
        return Center.objects.all()
    return Center.objects.filter(memberships__user=user)


def user_role(user: Any, center: Center | None) -> str | None:
    if center is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return NETWORK_ADMIN
    cache = getattr(user, "_center_roles", None)
    if cache is None:
        cache = dict(StaffMembership.objects.filter(user=user).values_list("center_id", "role"))
        user._center_roles = cache
    return cache.get(center.pk)


def current_center(request: Any) -> Center | None:
    """The center this request works in: chosen with ``?center=`` or in the session."""
    if hasattr(request, "_current_center"):
        return request._current_center
    user = request.user
    wanted = request.GET.get("center") or _session_get(request)
    center = None
    if getattr(user, "is_superuser", False):
        centers = user_centers(user)
        if wanted:
            center = centers.filter(slug=wanted).first()
        if center is None:
            center = centers.order_by("pk").first()
    elif getattr(user, "is_authenticated", False):
        # One query gives a staff member's centers and roles; pages reuse both.
        memberships = list(
            StaffMembership.objects.filter(user=user).select_related("center").order_by("center_id")
        )
        user._center_roles = {m.center_id: m.role for m in memberships}
        request._user_centers = [m.center for m in memberships]
        center = next(
            (c for c in request._user_centers if c.slug == wanted),
            request._user_centers[0] if request._user_centers else None,
        )
    request._current_center = center
    return center


def _session_get(request: Any) -> str | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def center_select(request: Any, slug: str) -> Center:
    center = user_centers(request.user).filter(slug=slug).first()
    if center is None:
        raise Http404
    request.session[SESSION_KEY] = center.slug
    request._current_center = center
    return center


def scope(queryset: QuerySet[Any], center: Center | None, field: str = "center") -> QuerySet[Any]:
    """Filter a queryset to one center; no center means nothing."""
    if center is None:
        return queryset.none()
    return queryset.filter(**{field: center})


class CenterScopedMixin(AccessMixin):
    """For page views: login required, a role in ``allowed_roles``, queryset scoped to
    ``request.center``. Objects of another center are a 404, never a 403."""

    allowed_roles: Iterable[str] = DESK_ROLES
    center_field = "center"
    model: type[Model]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.center is None or request.role not in self.allowed_roles:
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_queryset(self) -> QuerySet[Any]:
        base = super().get_queryset()  # type: ignore[misc]
        return scope(base, self.request.center, self.center_field)  # type: ignore[attr-defined]


class HasCenterRole(BasePermission):
    """DRF permission: the caller has one of the view's ``allowed_roles`` in its center."""

    def has_permission(self, request: Any, view: Any) -> bool:
        center = current_center(request)
        role = user_role(request.user, center)
        return role is not None and role in getattr(view, "allowed_roles", DESK_ROLES)


class CenterScopedAPIMixin:
    """For DRF views: the queryset is the caller's center's, and new rows belong to it."""

    allowed_roles: Iterable[str] = DESK_ROLES
    center_field = "center"
    request: Any

    def get_permissions(self) -> list[BasePermission]:
        return [*super().get_permissions(), HasCenterRole()]  # type: ignore[misc]

    @property
    def center(self) -> Center:
        center = current_center(self.request)
        assert center is not None, "HasCenterRole lets no request without a center through"
        return center

    def get_queryset(self) -> QuerySet[Any]:
        base = super().get_queryset()  # type: ignore[misc]
        return scope(base, current_center(self.request), self.center_field)


def user_language_activate(request: Any) -> None:
    """Speak the logged-in user's chosen language (also on error pages no view was found for)."""
    user = getattr(request, "user", None)
    language = getattr(user, "language", "") if user is not None else ""
    if language and getattr(user, "is_authenticated", False):
        translation.activate(language)
        request.LANGUAGE_CODE = language
