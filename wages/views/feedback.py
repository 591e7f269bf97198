"""The employer portal after the job: rate each worker, or ask not to be sent one again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from centers.errors import ApplicationError
from centers.forms import form_error
from dispatch.models import Assignment
from employers import services as employer_services
from employers.forms import DeclineForm
from employers.models import Job, WorkerDecline
from employers.views.portal import portal_employer
from wages.forms.feedback import WorkerRatingForm
from wages.selectors import feedback as selectors
from wages.services import feedback as services


def _assignment(request: Any, pk: int) -> tuple[Any, Assignment]:
    employer = portal_employer(request)
    assignment = selectors.portal_assignment(employer=employer, pk=pk)
    if assignment is None:
        raise Http404
    return employer, assignment


@login_required
def portal_job_workers(request: Any, pk: int) -> HttpResponse:
    employer = portal_employer(request)
    job = get_object_or_404(Job.objects.filter(employer=employer), pk=pk)
    today = employer.center.today()
    rows = [
        {"assignment": a, "open": services.rating_open(a, today=today)}
        for a in selectors.portal_job_workers(employer=employer, job=job)
    ]
    declined = set(
        WorkerDecline.objects.filter(
            employer=employer, status__in=["pending", "accepted"]
        ).values_list("worker_id", flat=True)
    )
    return render(
        request,
        "wages/portal_job_workers.html",
        {"employer": employer, "job": job, "rows": rows, "declined": declined},
    )


@login_required
def portal_rate(request: Any, pk: int) -> HttpResponse:
    employer, assignment = _assignment(request, pk)
    rating = getattr(assignment, "rating", None)
    form = WorkerRatingForm.for_rating(rating, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_save(
                assignment=assignment, employer=employer, by=request.user, **form.service_kwargs()
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Thank you: your rating is saved."))
            return redirect("portal-job-workers", pk=assignment.job_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "assignment": assignment, "days": services.RATING_EDIT_DAYS}
    return render(request, "wages/portal_rate.html", context, status=status)


@login_required
def portal_decline(request: Any, pk: int) -> HttpResponse:
    employer, assignment = _assignment(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer_services.decline_create(
                employer=employer, worker=assignment.worker, by=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("The center will review your request and may call you about it.")
            )
            return redirect("portal-job-workers", pk=assignment.job_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "wages/portal_decline.html",
        {"form": form, "assignment": assignment},
        status=status,
    )
