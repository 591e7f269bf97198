"""Pages of activities: list, schedule and edit, the attendance list, completing an activity,
and the certificates about to expire."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.scoping import DESK_ROLES, CenterScopedMixin, scope

from . import activities, selectors
from .forms import ActivityForm
from .models import Activity, Attendance

ACTIVITIES_PER_PAGE = 50


class ActivityView(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = Activity

    def get_queryset(self) -> Any:
        return scope(Activity.objects.all(), self.request.center)

    def get_activity(self, pk: int) -> Activity:
        return get_object_or_404(self.get_queryset().select_related("center", "training"), pk=pk)


class ActivityList(ActivityView):
    def get(self, request: Any) -> HttpResponse:
        activities_ = selectors.activity_list(center=request.center)
        page = Paginator(activities_, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "workers/activity_list.html",
            {"page": page, "today": request.center.today()},
        )


class ActivityCreate(ActivityView):
    def get(self, request: Any) -> HttpResponse:
        form = ActivityForm(initial={"date": request.center.today()})
        return render(request, "workers/activity_form.html", {"form": form})

    def post(self, request: Any) -> HttpResponse:
        form = ActivityForm(request.POST)
        if form.is_valid():
            try:
                activity = activities.activity_create(
                    center=request.center, by=request.user, **form.service_kwargs()
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Scheduled %(title)s.") % {"title": activity.title})
                return redirect("activity-detail", pk=activity.pk)
        return render(request, "workers/activity_form.html", {"form": form}, status=400)


class ActivityEdit(ActivityView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        activity = self.get_activity(pk)
        form = ActivityForm.for_activity(activity)
        return render(request, "workers/activity_form.html", {"form": form, "activity": activity})

    def post(self, request: Any, pk: int) -> HttpResponse:
        activity = self.get_activity(pk)
        form = ActivityForm.for_activity(activity, request.POST)
        if form.is_valid():
            try:
                activities.activity_update(
                    activity=activity, by=request.user, **form.service_kwargs()
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("activity-detail", pk=activity.pk)
        context = {"form": form, "activity": activity}
        return render(request, "workers/activity_form.html", context, status=400)


class ActivityDetail(ActivityView):
    """The activity and who attended it: the attendance list."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        activity = self.get_activity(pk)
        attendances = list(selectors.attendance_list(activity=activity))
        return render(
            request,
            "workers/activity_detail.html",
            {
                "activity": activity,
                "attendances": attendances,
                "is_today": activity.date == request.center.today(),
            },
        )


class ActivityComplete(ActivityView):
    def post(self, request: Any, pk: int) -> HttpResponse:
        activity = self.get_activity(pk)
        try:
            issued = activities.activity_complete(activity=activity, by=request.user)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "The activity is complete: %(n)s certificate issued.",
                    "The activity is complete: %(n)s certificates issued.",
                    issued,
                )
                % {"n": issued},
            )
        return redirect("activity-detail", pk=activity.pk)


class AttendanceHours(ActivityView):
    """A worker who left early: the hours they attended."""

    def post(self, request: Any, pk: int) -> HttpResponse:
        attendance = get_object_or_404(
            scope(Attendance.objects.select_related("worker"), request.center), pk=pk
        )
        try:
            activities.attendance_set_hours(attendance=attendance, hours=request.POST.get("hours"))
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Hours of %(name)s saved.") % {"name": attendance.worker.desk_name},
            )
        return redirect("activity-detail", pk=attendance.activity_id)


class CertificatesExpiring(ActivityView):
    """Certificates that expire within the notice period and were not renewed."""

    def get(self, request: Any) -> HttpResponse:
        center = request.center
        rows = selectors.certificates_expiring(center=center, day=center.today())
        return render(
            request,
            "workers/certificates_expiring.html",
            {"certificates": rows, "days": selectors.EXPIRY_NOTICE_DAYS},
        )
