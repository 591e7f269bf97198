"""The portal's sign-up: choose a center, sign up, confirm the email or phone, wait for the
center. Thin: the rules are in ``employers.signup``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.models import Center
from employers import selectors, signup
from employers.forms import PhoneCodeForm, SignupForm
from employers.views.portal import portal_employer

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _link_base(request: Any) -> str:
    return request.build_absolute_uri("/")


def signup_centers(request: Any) -> HttpResponse:
    """Which center to hire from: those that take sign-ups (they wrote their terms)."""
    centers = Center.objects.filter(employer_terms__isnull=False).distinct().order_by("name")
    return render(request, "employers/signup_centers.html", {"centers": centers})


@require_http_methods(["GET", "POST"])
def signup_form(request: Any, slug: str) -> HttpResponse:
    center = get_object_or_404(Center, slug=slug)
    terms = selectors.terms_current(center)
    if terms is None:
        return render(request, "employers/signup_centers.html", {"centers": [], "closed": center})
    language = get_language() if get_language() in Center.Language.values else "es"
    fresh = {
        "started": signup.form_token_make(),
        "terms_version": terms.version,
        "language": language,
    }
    if request.method == "GET":
        form = SignupForm(initial=fresh)
        status = 200
    else:
        data = request.POST.copy()
        form = SignupForm(data)
        status = 400
        try:
            signup.form_check(token=data.get("started", ""), honeypot=data.get("website", ""))
            if form.is_valid():
                signup.signup_throttle(request=request)
                employer = signup.employer_signup(
                    center=center, link_base=_link_base(request), **form.service_kwargs()
                )
                login(request, employer.portal_user, backend=MODEL_BACKEND)
                return redirect("portal-verify")
        except ApplicationError as exc:
            form_error(form, exc)
            status = exc.status_code
        # The form comes back for a correction: the time already spent on it counts; a
        # stale or forged token is replaced, so a person can send the form again.
        if not signup.form_token_valid(data.get("started", "")):
            data["started"] = fresh["started"]
        data["terms_version"] = str(terms.version)
        form.data = data
    return render(
        request,
        "employers/signup_form.html",
        {"form": form, "center": center, "terms": terms, "terms_text": terms.text(language)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def portal_verify(request: Any) -> HttpResponse:
    """Confirm the account: the email link's page says to check the inbox; the phone code
    is typed here. Both can be asked again."""
    employer = portal_employer(request)
    if employer.verified:
        return redirect("portal-home")
    form = PhoneCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                signup.phone_code_check(employer=employer, code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Your phone is confirmed."))
                return redirect("portal-home")
    return render(
        request,
        "employers/signup_verify.html",
        {"employer": employer, "form": form, "code_sent": bool(employer.phone_code_sent_at)},
        status=status,
    )


@login_required
@require_POST
def portal_verify_resend(request: Any) -> HttpResponse:
    employer = portal_employer(request)
    try:
        if request.POST.get("by") == "sms":
            signup.phone_code_send(employer=employer)
            messages.success(request, _("We sent you a new code by text."))
        else:
            signup.email_link_send(employer=employer, link_base=_link_base(request))
            messages.success(request, _("We sent you a new link by email."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("portal-verify")


def portal_verify_email(request: Any, token: str) -> HttpResponse:
    """The signed link of the email (it works without logging in, from any device)."""
    try:
        employer = signup.email_verify(token=token)
    except ApplicationError as exc:
        return render(request, "employers/signup_link.html", {"error": exc.message}, status=400)
    return render(request, "employers/signup_link.html", {"employer": employer})
