"""Job pages for the desk: list, post (walk-in or phone), detail, edit, cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.inputs import number_or_none, parse_date
from centers.scoping import DESK_ROLES, CenterScopedMixin, scope
from employers import hooks, selectors, services
from employers.forms import JobForm
from employers.models import Employer, Job, JobDay


class JobDeskView(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = Job

    def get_job(self, pk: int) -> Job:
        return get_object_or_404(selectors.job_list(center=self.request.center), pk=pk)

    def employers(self) -> Any:
        return scope(Employer.objects.filter(blocked=False), self.request.center)


class JobList(JobDeskView):
    def get(self, request: Any) -> HttpResponse:
        params = {key: request.GET.get(key, "").strip() for key in ("q", "status", "date")}
        jobs = selectors.job_list(
            center=request.center,
            search=params["q"],
            status=params["status"],
            day=parse_date(params["date"], field="date"),
        )
        page = Paginator(jobs, 50).get_page(request.GET.get("page"))
        template = "employers/_job_rows.html" if request.htmx else "employers/job_list.html"
        return render(
            request, template, {"page": page, "params": params, "statuses": Job.Status.choices}
        )


class JobCreate(JobDeskView):
    def form(self, data: Any = None) -> JobForm:
        initial = {"date": self.request.center.today()}
        employer = number_or_none(self.request.GET.get("employer", ""))
        if employer is not None:
            initial["employer"] = employer
        return JobForm(
            data, initial=initial, center=self.request.center, employers=self.employers()
        )

    def get(self, request: Any) -> HttpResponse:
        return render(request, "employers/job_form.html", {"form": self.form()})

    def post(self, request: Any) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            try:
                job = services.job_create(
                    center=request.center,
                    employer=form.cleaned_data["employer"],
                    by=request.user,
                    source=form.cleaned_data["source"],
                    **form.service_kwargs(),
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                for warning in job.warnings:
                    messages.warning(request, warning)
                messages.success(request, _("Job posted."))
                return redirect("job-detail", pk=job.pk)
        return render(request, "employers/job_form.html", {"form": form}, status=400)


class JobDetail(JobDeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        context = {
            "job": job,
            "today": request.center.today(),
            "record": selectors.employer_record(job.employer),
            "network": selectors.employer_network_messages(job.employer),
        }
        return render(request, "employers/job_detail.html", context)


class JobEdit(JobDeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        form = JobForm.for_job(job, center=request.center)
        return render(request, "employers/job_form.html", {"form": form, "job": job})

    def post(self, request: Any, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        form = JobForm.for_job(job, center=request.center, data=request.POST)
        if form.is_valid():
            try:
                services.job_update(job=job, by=request.user, **form.service_kwargs())
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Job saved."))
                return redirect("job-detail", pk=job.pk)
        return render(request, "employers/job_form.html", {"form": form, "job": job}, status=400)


class JobCancel(JobDeskView):
    """GET asks for confirmation and lists who will be told; POST cancels."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        if job.status not in services.CANCELLABLE:
            return redirect("job-detail", pk=job.pk)
        return render(
            request,
            "employers/job_cancel.html",
            {"job": job, "told": hooks.job_cancel_told(job), "portal": False},
        )

    def post(self, request: Any, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        try:
            services.job_cancel(job=job, by=request.user, reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Job cancelled."))
        return redirect("job-detail", pk=job.pk)


class JobDayAction(JobDeskView):
    """Confirm or cancel one day of a job (POST); the other days stay as they are."""

    def post(self, request: Any, pk: int, day: str, verb: str) -> HttpResponse:
        job = self.get_job(pk)
        return job_day_act(request, job=job, day=day, verb=verb, next_url=job_url(job))


def job_url(job: Job) -> str:
    return str(reverse("job-detail", args=[job.pk]))


def job_day_act(request: Any, *, job: Job, day: str, verb: str, next_url: str) -> HttpResponse:
    """The desk's and the portal's per-day buttons: one service call, one message."""
    if verb not in ("confirm", "cancel"):
        raise Http404
    row = get_object_or_404(JobDay, job=job, date=parse_date(day, field="day"))
    try:
        if verb == "confirm":
            services.job_day_confirm(day=row, by=request.user)
            done = _("%(day)s is confirmed.")
        else:
            services.job_day_cancel(day=row, by=request.user, reason=request.POST.get("reason", ""))
            done = _("%(day)s is cancelled; the workers sent for that day are told.")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done % {"day": date_format(row.date, "l j F")})
    return redirect(next_url)
