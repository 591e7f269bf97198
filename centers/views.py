from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import current_app as celery_app
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .errors import ApplicationError
from .forms import CenterSettingsForm, DecisionForm, DisplayLinkForm, form_error
from .models import AssemblyDecision, Center, DisplayLink
from .scoping import (
    ADMIN_ROLES,
    CenterScopedMixin,
    center_select,
    scope,
    user_centers,
    user_language_activate,
)


@login_required
def home(request: Any) -> HttpResponse:
    if not request.center:  # a lazy object: never `is None`
        employer = getattr(request.user, "employer", None)
        if employer is not None:
            return redirect("portal-home")
    return render(
        request,
        "centers/home.html",
        {"centers": user_centers(request.user)},
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return "/"
    return target


@require_POST
def language_switch(request: Any) -> HttpResponse:
    """Switch the interface language; remembered on the user and in a cookie."""
    language = request.POST.get("language", "")
    if language not in {"en", "es"}:
        language = "en"
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
@require_POST
def center_switch(request: Any) -> HttpResponse:
    center_select(request, request.POST.get("center", ""))
    return HttpResponseRedirect(_safe_next(request))


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page, in the user's language even where no view was found for the address."""
    user_language_activate(request)
    return defaults.page_not_found(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token (an old tab, a session that ended)."""
    return render(request, "403_csrf.html", status=403)


class CenterSettings(CenterScopedMixin, View):
    """The center admin's settings: wage floor, hours, lottery mode, offers, declines."""

    allowed_roles = ADMIN_ROLES
    model = Center

    def get(self, request: Any) -> HttpResponse:
        form = CenterSettingsForm.for_center(request.center)
        return render(request, "centers/settings.html", {"form": form})

    def post(self, request: Any) -> HttpResponse:
        form = CenterSettingsForm.for_center(request.center, request.POST)
        if form.is_valid():
            try:
                changed = services.center_settings_update(
                    center=request.center, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                if changed:
                    messages.success(request, _("Settings saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("center-settings")
        return render(request, "centers/settings.html", {"form": form}, status=400)


class DisplayLinks(CenterScopedMixin, View):
    """Links to the waiting-room screen that need no login: make one, see them, revoke."""

    allowed_roles = ADMIN_ROLES
    model = DisplayLink

    def _page(self, request: Any, form: DisplayLinkForm, **extra: Any) -> dict[str, Any]:
        links = scope(DisplayLink.objects.select_related("created_by"), request.center)
        return {"form": form, "links": links, **extra}

    def get(self, request: Any) -> HttpResponse:
        return render(request, "centers/display_links.html", self._page(request, DisplayLinkForm()))

    def post(self, request: Any) -> HttpResponse:
        form = DisplayLinkForm(request.POST)
        if form.is_valid():
            try:
                link, token = services.display_link_create(
                    center=request.center, label=form.cleaned_data["label"], by=request.user
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                # Shown once, on this page: only the token's hash is kept.
                url = request.build_absolute_uri(
                    reverse("display-token", args=[request.center.slug, token])
                )
                context = self._page(request, DisplayLinkForm(), new_link=link, new_url=url)
                response = render(request, "centers/display_links.html", context, status=201)
                response["Cache-Control"] = "no-store"
                return response
        context = self._page(request, form)
        return render(request, "centers/display_links.html", context, status=400)


class DisplayLinkRevoke(CenterScopedMixin, View):
    allowed_roles = ADMIN_ROLES
    model = DisplayLink

    def post(self, request: Any, pk: int) -> HttpResponse:
        link = get_object_or_404(scope(DisplayLink.objects.all(), request.center), pk=pk)
        services.display_link_revoke(link=link, by=request.user)
        messages.success(request, _("The link “%(label)s” is revoked.") % {"label": link.label})
        return redirect("display-links")


class Decisions(CenterScopedMixin, View):
    """The assembly's decisions: waiting for their date or applied, and the floor history."""

    allowed_roles = ADMIN_ROLES
    model = AssemblyDecision

    def get(self, request: Any) -> HttpResponse:
        context = {
            "decisions": selectors.decisions_for(center=request.center),
            "floors": selectors.wage_floor_history(center=request.center),
            "settings_choices": AssemblyDecision.Setting.choices,
            "today": request.center.today(),
        }
        return render(request, "centers/decisions.html", context)


class DecisionCreate(CenterScopedMixin, View):
    """Record what an assembly decided about one setting (``?setting=``)."""

    allowed_roles = ADMIN_ROLES
    model = AssemblyDecision

    def _setting(self, request: Any) -> str:
        setting = request.GET.get("setting", "")
        if setting not in AssemblyDecision.Setting.values:
            raise Http404
        return setting

    def _render(self, request: Any, form: DecisionForm, status: int = 200) -> HttpResponse:
        today = request.center.today()
        context = {
            "form": form,
            "setting_label": AssemblyDecision.Setting(form.setting).label,
            "current": getattr(request.center, form.setting),
            "compare_modes": form.setting == AssemblyDecision.Setting.LOTTERY_MODE,
            # The replay of the modes on the center's own last 90 days (reports' fairness page).
            "compare_start": today - timedelta(days=90),
            "compare_end": today,
        }
        return render(request, "centers/decision_form.html", context, status=status)

    def get(self, request: Any) -> HttpResponse:
        setting = self._setting(request)
        today = request.center.today()
        initial = {
            "value": getattr(request.center, setting),
            "assembly_date": today,
            "effective_date": today,
        }
        return self._render(request, DecisionForm(setting, initial=initial))

    def post(self, request: Any) -> HttpResponse:
        form = DecisionForm(self._setting(request), request.POST)
        if form.is_valid():
            try:
                decision = services.decision_record(
                    center=request.center,
                    by=request.user,
                    setting=form.setting,
                    value=str(form.cleaned_data.pop("value")),
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                if decision.applied_at:
                    messages.success(request, _("Decision recorded; the setting changed today."))
                else:
                    messages.success(
                        request,
                        _("Decision recorded; the setting changes on %(date)s.")
                        % {"date": date_format(decision.effective_date)},
                    )
                return redirect("decisions")
        return self._render(request, form, status=400)
