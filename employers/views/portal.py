"""The employer portal: an employer's login posts jobs and sees (and cancels) only its own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from centers.errors import ApplicationError
from centers.forms import form_error
from employers import hooks, selectors, services
from employers.forms import JobForm
from employers.models import Employer, Job
from employers.views.jobs import job_day_act


def portal_employer(request: Any) -> Employer:
    employer = Employer.objects.select_related("center").filter(portal_user=request.user).first()
    if employer is None:
        raise PermissionDenied
    return employer


@login_required
def portal_home(request: Any) -> HttpResponse:
    employer = portal_employer(request)
    jobs = selectors.job_list(center=employer.center, employer=employer)[:100]
    to_rate = selectors.portal_jobs_to_rate(employer=employer, today=employer.center.today())
    notice = "" if employer.approval == Employer.Approval.APPROVED else approval_notice(employer)
    return render(
        request,
        "employers/portal_home.html",
        {
            "employer": employer,
            "jobs": jobs,
            "today": employer.center.today(),
            "notice": notice,
            "to_rate": to_rate,
        },
    )


def approval_notice(employer: Employer) -> str:
    """What the portal says above the jobs of an account the center has not approved."""
    if employer.approval == Employer.Approval.REFUSED:
        return _("The center did not approve your account: %(reason)s") % {
            "reason": employer.refused_reason
        }
    if not employer.verified:
        return _("Confirm your email or phone, then the center reviews your account.")
    return _(
        "The center is reviewing your account. You can post jobs now: they are held until "
        "the center approves you."
    )


@login_required
def portal_job_create(request: Any) -> HttpResponse:
    employer = portal_employer(request)
    center = employer.center
    form = JobForm(
        request.POST or None,
        initial={"date": center.today()},
        center=center,
        past_workers=list(selectors.employer_past_workers(employer)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_create(
                center=center,
                employer=employer,
                by=request.user,
                source=Job.Source.PORTAL,
                **form.service_kwargs(),
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            if employer.approval == Employer.Approval.PENDING:
                messages.success(
                    request, _("Your job is saved. It goes out once the center approves you.")
                )
            else:
                messages.success(request, _("Your job is posted. The center will call you."))
            return redirect("portal-home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "employers/portal_job_form.html",
        {"form": form, "employer": employer, "portal_center": center},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def portal_job_cancel(request: Any, pk: int) -> HttpResponse:
    """GET asks for confirmation and says who will be told; POST cancels."""
    employer = portal_employer(request)
    job = get_object_or_404(Job.objects.filter(employer=employer), pk=pk)
    if request.method == "GET":
        if job.status not in services.CANCELLABLE:
            return redirect("portal-home")
        told = hooks.job_cancel_told(job)
        return render(
            request, "employers/job_cancel.html", {"job": job, "told": told, "portal": True}
        )
    try:
        services.job_cancel(job=job, by=request.user, reason=_("Cancelled by the employer"))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Job cancelled."))
    return redirect("portal-home")


@login_required
@require_http_methods(["POST"])
def portal_job_day(request: Any, pk: int, day: str, verb: str) -> HttpResponse:
    """The employer confirms or cancels one day of its own job."""
    employer = portal_employer(request)
    job = get_object_or_404(Job.objects.filter(employer=employer), pk=pk)
    return job_day_act(request, job=job, day=day, verb=verb, next_url=reverse("portal-home"))
