"""The jobs log (completing dispatched jobs, pay, ratings, cancellations, no-shows) and the
worker and employer history pages, with sanctions and suspension lifting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.inputs import parse_date
from centers.scoping import DESK_ROLES, CenterScopedMixin, scope
from dispatch.models import Assignment
from employers.models import Employer, Job
from wages.forms.ledger import CompleteForm, RateForm, ReasonForm, SanctionForm
from wages.selectors import ledger as selectors
from wages.services import ledger as services
from workers.models import Worker
from workers.sanctions import sanction_record, suspension_lift


class LedgerView(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = Assignment

    def run(self, form: Any, action: Any, success: str) -> bool:
        """Validate the form, call the service; say what happened either way."""
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(self.request, " ".join(errors))
            return False
        try:
            action(form.cleaned_data)
        except ApplicationError as exc:
            messages.error(self.request, str(exc.message))
            return False
        messages.success(self.request, success)
        return True


class JobsLog(LedgerView):
    def get(self, request: Any) -> HttpResponse:
        day = parse_date(request.GET.get("date"), field="date") or request.center.today()
        return render(
            request,
            "wages/joblog_list.html",
            {
                "day": day,
                "jobs": selectors.jobs_log(center=request.center, day=day),
                "to_complete": selectors.jobs_to_complete(center=request.center),
            },
        )


class JobLog(LedgerView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        try:
            job = selectors.job_log(center=request.center, pk=pk)
        except Job.DoesNotExist:
            raise Http404 from None
        rows = []
        for assignment in job.assignments.all():
            claims = list(assignment.claims.all())
            rows.append(
                {
                    "assignment": assignment,
                    "complete_form": CompleteForm(
                        initial={
                            "hours_worked": assignment.hours_worked or job.estimated_hours,
                            "amount_paid": assignment.amount_paid,
                            "pay_note": assignment.pay_note,
                            "paid_status": assignment.paid_status,
                        },
                        prefix=f"a{assignment.pk}",
                    ),
                    "rate_form": RateForm(
                        initial={
                            "worker_rating": assignment.worker_rating,
                            "worker_rating_comment": assignment.worker_rating_comment,
                            "employer_rating": assignment.employer_rating,
                            "employer_rating_comment": assignment.employer_rating_comment,
                        },
                        prefix=f"a{assignment.pk}",
                    ),
                    "claim": max(claims, key=lambda c: c.pk) if claims else None,
                }
            )
        return render(request, "wages/job_log.html", {"job": job, "rows": rows})


class AssignmentAction(LedgerView):
    """POST-only: complete, rate, cancel or no-show one dispatched worker."""

    def post(self, request: Any, pk: int, action: str) -> HttpResponse:
        assignment = get_object_or_404(scope(Assignment.objects.all(), request.center), pk=pk)
        by = request.user
        if action == "complete":
            form: Any = CompleteForm(request.POST, prefix=f"a{assignment.pk}")
            self.run(
                form,
                lambda d: services.assignment_complete(assignment=assignment, by=by, **d),
                _("Job logged."),
            )
        elif action == "rate":
            self.run(
                RateForm(request.POST, prefix=f"a{assignment.pk}"),
                lambda d: services.assignment_rate(assignment=assignment, by=by, **d),
                _("Ratings saved."),
            )
        elif action == "cancel":
            self.run(
                ReasonForm(request.POST),
                lambda d: services.assignment_cancel(assignment=assignment, by=by, **d),
                _("Cancelled for this worker."),
            )
        elif action == "no-show":
            self.run(
                ReasonForm(request.POST),
                lambda d: services.assignment_no_show(assignment=assignment, by=by, **d),
                _("Marked as a no-show; a strike was recorded."),
            )
        else:
            raise Http404
        return redirect(reverse("job-log", args=[assignment.job_id]) + f"#a{assignment.pk}")


class WorkerHistory(LedgerView):
    model = Worker

    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = get_object_or_404(scope(Worker.objects.all(), request.center), pk=pk)
        return render(
            request,
            "dispatch/worker_history.html",
            {
                "worker": worker,
                "suspended": worker.is_suspended_on(request.center.today()),
                "sanction_form": SanctionForm(),
                "lift_form": ReasonForm(),
                **selectors.worker_history(worker=worker),
            },
        )


class WorkerSanction(LedgerView):
    """POST-only: record a sanction, or lift a suspension (``action`` = record | lift)."""

    model = Worker

    def post(self, request: Any, pk: int, action: str) -> HttpResponse:
        worker = get_object_or_404(scope(Worker.objects.all(), request.center), pk=pk)
        if action == "record":
            self.run(
                SanctionForm(request.POST),
                lambda d: sanction_record(worker=worker, by=request.user, **d),
                _("Sanction recorded."),
            )
        elif action == "lift":
            self.run(
                ReasonForm(request.POST),
                lambda d: suspension_lift(worker=worker, by=request.user, **d),
                _("Suspension lifted."),
            )
        else:
            raise Http404
        return redirect("worker-history", pk=worker.pk)


class EmployerHistory(LedgerView):
    model = Employer

    def get(self, request: Any, pk: int) -> HttpResponse:
        employer = get_object_or_404(scope(Employer.objects.all(), request.center), pk=pk)
        return render(
            request,
            "employers/employer_history.html",
            {"employer": employer, **selectors.employer_history(employer=employer)},
        )
