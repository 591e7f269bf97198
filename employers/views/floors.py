"""The center admin's floors and minimum hours per kind of work, with their history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.scoping import ADMIN_ROLES, CenterScopedMixin
from employers import selectors, services
from employers.forms import KindFloorForm
from employers.models import KindFloor


class KindFloors(CenterScopedMixin, View):
    allowed_roles = ADMIN_ROLES
    model = KindFloor

    def _render(self, request: Any, form: KindFloorForm, status: int = 200) -> HttpResponse:
        today = request.center.today()
        context = {
            "form": form,
            "in_force": selectors.kind_floors_on(center=request.center, day=today).values(),
            "history": selectors.kind_floor_history(center=request.center),
        }
        return render(request, "employers/kind_floors.html", context, status=status)

    def get(self, request: Any) -> HttpResponse:
        return self._render(request, KindFloorForm(initial={"starts_on": request.center.today()}))

    def post(self, request: Any) -> HttpResponse:
        form = KindFloorForm(request.POST)
        if form.is_valid():
            try:
                services.kind_floor_set(center=request.center, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Floor saved."))
                return redirect("kind-floors")
        return self._render(request, form, status=400)
