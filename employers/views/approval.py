"""The center's side of sign-ups: the accounts waiting for approval (coordinators and
center admins) and the terms employers accept (center admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.scoping import ADMIN_ROLES, DESK_ROLES, CenterScopedMixin, scope
from employers import selectors, signup
from employers.forms import ReviewForm, TermsForm
from employers.models import CenterTerms, Employer


class PendingEmployers(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = Employer

    def get(self, request: Any) -> HttpResponse:
        pending = selectors.employers_pending(center=request.center)
        return render(request, "employers/employer_pending.html", {"pending": pending})


class EmployerReview(CenterScopedMixin, View):
    """POST: approve or refuse one pending account of the coordinator's center."""

    allowed_roles = DESK_ROLES
    model = Employer

    def post(self, request: Any, pk: int) -> HttpResponse:
        employer = get_object_or_404(scope(Employer.objects.all(), request.center), pk=pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or to refuse."))
            return redirect("employer-pending")
        approve = form.cleaned_data["decision"] == "approve"
        try:
            signup.employer_review(
                employer=employer,
                by=request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
                link_base=request.build_absolute_uri("/"),
            )
        except ApplicationError as exc:
            messages.error(request, f"{employer}: {exc.message}")
        else:
            done = _("%(employer)s is approved.") if approve else _("%(employer)s is refused.")
            messages.success(request, done % {"employer": employer})
        return redirect("employer-pending")


class TermsEdit(CenterScopedMixin, View):
    allowed_roles = ADMIN_ROLES
    model = CenterTerms

    def _render(self, request: Any, form: TermsForm, status: int = 200) -> HttpResponse:
        versions = CenterTerms.objects.filter(center=request.center).order_by("-version")[:20]
        return render(
            request,
            "employers/terms_form.html",
            {"form": form, "versions": versions, "current": versions[0] if versions else None},
            status=status,
        )

    def get(self, request: Any) -> HttpResponse:
        current = selectors.terms_current(request.center)
        initial = {"text_es": current.text_es, "text_en": current.text_en} if current else {}
        return self._render(request, TermsForm(initial=initial))

    def post(self, request: Any) -> HttpResponse:
        form = TermsForm(request.POST)
        if form.is_valid():
            before = selectors.terms_current(request.center)
            try:
                terms = signup.terms_publish(
                    center=request.center, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                if before is None or terms.pk != before.pk:
                    messages.success(
                        request,
                        _("Version %(version)s of the terms is now in force.")
                        % {"version": terms.version},
                    )
                return redirect("employer-terms")
        return self._render(request, form, status=400)
