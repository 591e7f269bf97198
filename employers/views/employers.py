"""Employer pages for the desk: list and search, add, edit, detail with job history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.scoping import DESK_ROLES, CenterScopedMixin, scope
from employers import selectors, services
from employers.forms import EmployerForm
from employers.models import Employer


class EmployerDeskView(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = Employer

    def get_employer(self, pk: int) -> Employer:
        return get_object_or_404(scope(Employer.objects.all(), self.request.center), pk=pk)


class EmployerList(EmployerDeskView):
    def get(self, request: Any) -> HttpResponse:
        params = {key: request.GET.get(key, "").strip() for key in ("q", "kind", "blocked")}
        employers = selectors.employer_list(
            center=request.center,
            search=params["q"],
            kind=params["kind"],
            blocked={"yes": True, "no": False}.get(params["blocked"]),
        )
        page = Paginator(employers, 50).get_page(request.GET.get("page"))
        template = (
            "employers/_employer_rows.html" if request.htmx else "employers/employer_list.html"
        )
        return render(
            request, template, {"page": page, "params": params, "kinds": Employer.Kind.choices}
        )


class EmployerCreate(EmployerDeskView):
    def get(self, request: Any) -> HttpResponse:
        form = EmployerForm.for_center(request.center)
        return render(request, "employers/employer_form.html", {"form": form})

    def post(self, request: Any) -> HttpResponse:
        form = EmployerForm.for_center(request.center, request.POST)
        if form.is_valid():
            try:
                employer = services.employer_create(
                    center=request.center, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Employer saved."))
                return redirect("employer-detail", pk=employer.pk)
        return render(request, "employers/employer_form.html", {"form": form}, status=400)


class EmployerEdit(EmployerDeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        employer = self.get_employer(pk)
        form = EmployerForm.for_employer(employer)
        return render(request, "employers/employer_form.html", {"form": form, "employer": employer})

    def post(self, request: Any, pk: int) -> HttpResponse:
        employer = self.get_employer(pk)
        form = EmployerForm.for_employer(employer, request.POST)
        if form.is_valid():
            try:
                services.employer_update(employer=employer, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Employer saved."))
                return redirect("employer-detail", pk=employer.pk)
        return render(
            request,
            "employers/employer_form.html",
            {"form": form, "employer": employer},
            status=400,
        )


class EmployerDetail(EmployerDeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        employer = get_object_or_404(selectors.employer_list(center=request.center), pk=pk)
        jobs = selectors.job_list(center=request.center, employer=employer)
        page = Paginator(jobs, 50).get_page(request.GET.get("page"))
        return render(
            request, "employers/employer_detail.html", {"employer": employer, "page": page}
        )
