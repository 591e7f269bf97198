"""The center's review of employers' requests not to be sent a worker again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.scoping import DESK_ROLES, CenterScopedMixin
from employers import selectors, services
from employers.forms import DeclineReviewForm
from employers.models import WorkerDecline


class DeclineList(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = WorkerDecline

    def get(self, request: Any) -> HttpResponse:
        declines = selectors.declines_for_review(center=request.center)[:200]
        return render(
            request,
            "employers/decline_list.html",
            {"declines": declines, "form": DeclineReviewForm()},
        )


class DeclineReview(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = WorkerDecline

    def get_decline(self, pk: int) -> WorkerDecline:
        return get_object_or_404(selectors.declines_for_review(center=self.request.center), pk=pk)

    def get(self, request: Any, pk: int) -> HttpResponse:
        decline = self.get_decline(pk)
        return render(
            request,
            "employers/decline_review.html",
            {"decline": decline, "form": DeclineReviewForm()},
        )

    def post(self, request: Any, pk: int) -> HttpResponse:
        decline = self.get_decline(pk)
        form = DeclineReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decline = services.decline_review(
                    decline=decline,
                    accept=data["decision"] == "accept",
                    ground=data["ground"],
                    note=data["review_note"],
                    by=request.user,
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                if decline.status == WorkerDecline.Status.ACCEPTED:
                    messages.success(
                        request,
                        _("Accepted: %(name)s will not be offered this employer's jobs.")
                        % {"name": decline.worker.known_as},
                    )
                elif decline.ground in WorkerDecline.DISCRIMINATION:
                    messages.warning(
                        request,
                        _("Refused: %(ground)s is discrimination.")
                        % {"ground": decline.get_ground_display().lower()},
                    )
                else:
                    messages.info(request, _("Refused."))
                return redirect("decline-list")
        return render(
            request,
            "employers/decline_review.html",
            {"decline": decline, "form": form},
            status=400,
        )
