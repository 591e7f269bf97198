"""Wage claim pages for the desk: list, open (from a job or from scratch), the claim with its
timeline and actions, and the printable demand letter in English or Spanish."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.inputs import parse_optional_int
from centers.scoping import DESK_ROLES, CenterScopedMixin, scope
from dispatch.errors import ClaimError
from dispatch.models import Assignment
from employers.models import Employer
from employers.selectors import employer_has_open_claims
from wages.forms.claims import (
    ClaimEditForm,
    ClaimFromJobForm,
    ClaimOpenForm,
    EventForm,
    PaymentForm,
    TransitionForm,
)
from wages.models import WageClaim
from wages.selectors import claims as selectors
from wages.services import claims as services
from workers.models import Worker
from workers.selectors import badge_read

#: Days the demand letter gives the employer to pay.
DEMAND_DAYS = 10


class ClaimDeskView(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = WageClaim

    def get_claim(self, pk: int) -> WageClaim:
        try:
            return selectors.claim_detail(center=self.request.center, pk=pk)
        except WageClaim.DoesNotExist:
            raise Http404 from None


class ClaimList(ClaimDeskView):
    def get(self, request: Any) -> HttpResponse:
        params = {key: request.GET.get(key, "").strip() for key in ("q", "status")}
        params["status"] = request.GET.get("status", "active")
        claims = selectors.claim_list(
            center=request.center, status=params["status"], search=params["q"]
        )
        page = Paginator(claims, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "wages/claim_list.html",
            {
                "page": page,
                "params": params,
                "statuses": WageClaim.Status.choices,
                "totals": selectors.claim_totals(center=request.center),
            },
        )


class ClaimCreate(ClaimDeskView):
    """``?assignment=<id>`` opens a claim for that job; otherwise a claim from scratch."""

    def assignment(self) -> Assignment | None:
        pk = parse_optional_int(self.request.GET.get("assignment"), min_value=1, field="assignment")
        if pk is None:
            return None
        return get_object_or_404(
            scope(
                Assignment.objects.select_related("job", "job__employer", "worker", "center"),
                self.request.center,
            ),
            pk=pk,
        )

    def form(self, assignment: Assignment | None, data: Any = None) -> Any:
        if assignment is not None:
            initial = {"amount_owed": services.assignment_pay_due(assignment).owed}
            return ClaimFromJobForm(data, initial=initial)
        employers = scope(Employer.objects.all(), self.request.center)
        return ClaimOpenForm(
            data, employers=employers, initial={"work_start": self.request.center.today()}
        )

    def show(self, assignment: Assignment | None, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "wages/claim_form.html",
            {
                "form": form,
                "assignment": assignment,
                "due": services.assignment_pay_due(assignment) if assignment else None,
            },
            status=status,
        )

    def get(self, request: Any) -> HttpResponse:
        assignment = self.assignment()
        return self.show(assignment, self.form(assignment))

    def post(self, request: Any) -> HttpResponse:
        assignment = self.assignment()
        form = self.form(assignment, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = self.open(assignment, data)
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Claim #%(number)s opened.") % {"number": claim.pk})
                return redirect("claim-detail", pk=claim.pk)
        return self.show(assignment, form, status=400)

    def open(self, assignment: Assignment | None, data: dict[str, Any]) -> WageClaim:
        if assignment is not None:
            return services.claim_open_from_assignment(
                assignment=assignment,
                amount_owed=data["amount_owed"],
                description=data["description"],
                by=self.request.user,
            )
        badge = badge_read(center=self.request.center, text=data["badge"])
        worker = scope(Worker.objects.all(), self.request.center).filter(badge=badge).first()
        if worker is None:
            raise ClaimError(_("No worker has that badge at this center."), field="badge")
        return services.claim_open(
            center=self.request.center,
            worker=worker,
            employer=data["employer"],
            amount_owed=data["amount_owed"],
            work_start=data["work_start"],
            work_end=data["work_end"],
            description=data["description"],
            by=self.request.user,
        )


class ClaimDetail(ClaimDeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        claim = self.get_claim(pk)
        moves = [
            (value, label)
            for value, label in WageClaim.Status.choices
            if value in services.TRANSITIONS[claim.status]
        ]
        edit = ClaimEditForm(
            initial={
                "amount_owed": claim.amount_owed,
                "work_start": claim.work_start,
                "work_end": claim.work_end,
                "description": claim.description,
            }
        )
        return render(
            request,
            "wages/claim_detail.html",
            {
                "claim": claim,
                "moves": moves,
                "transition_form": TransitionForm(),
                "payment_form": PaymentForm(),
                "event_form": EventForm(),
                "edit_form": edit,
                "balance": claim.amount_owed - claim.amount_recovered,
                "employer_flagged": employer_has_open_claims(claim.employer),
            },
        )


class ClaimAction(ClaimDeskView):
    """POST-only: status change, payment, timeline event or corrected details."""

    forms = {
        "transition": TransitionForm,
        "payment": PaymentForm,
        "event": EventForm,
        "edit": ClaimEditForm,
    }

    def post(self, request: Any, pk: int, action: str) -> HttpResponse:
        claim = self.get_claim(pk)
        form_class = self.forms.get(action)
        if form_class is None:
            raise Http404
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("claim-detail", pk=claim.pk)
        try:
            self.run(action, claim, form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Saved."))
        return redirect("claim-detail", pk=claim.pk)

    def run(self, action: str, claim: WageClaim, data: dict[str, Any]) -> None:
        by = self.request.user
        if action == "transition":
            services.claim_transition(claim=claim, by=by, **data)
        elif action == "payment":
            services.claim_payment(claim=claim, by=by, **data)
        elif action == "event":
            services.claim_event_add(claim=claim, by=by, **data)
        else:
            services.claim_update(claim=claim, by=by, **data)


class ClaimLetter(ClaimDeskView):
    """The demand letter to the employer, ready to print, in English or Spanish."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        claim = self.get_claim(pk)
        language = request.GET.get("lang", "")
        if language not in ("en", "es"):
            language = "es" if request.LANGUAGE_CODE.startswith("es") else "en"
        today = request.center.today()
        return render(
            request,
            "wages/claim_letter.html",
            {
                "claim": claim,
                "letter_language": language,
                "today": today,
                "deadline": today + timedelta(days=DEMAND_DAYS),
                "signer": request.user.get_full_name().strip(),
            },
        )
