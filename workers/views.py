"""Pages of the worker registry: list and search, register, edit, detail, ID cards, privacy."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.forms import form_error
from centers.scoping import ADMIN_ROLES, DESK_ROLES, CenterScopedMixin, scope

from . import membership, photos, selectors, services
from .cards import badge_barcode_svg, badge_qr_svg, worker_card_code
from .forms import DemographicsForm, DuesPaymentForm, PhotoForm, WorkerForm
from .models import Activity, DuesPayment, Worker

CARDS_PER_SHEET_MAX = 200


class DeskView(CenterScopedMixin, View):
    allowed_roles = DESK_ROLES
    model = Worker

    def get_queryset(self) -> Any:
        return scope(Worker.objects.all(), self.request.center)

    def get_worker(self, pk: int) -> Worker:
        return get_object_or_404(self.get_queryset(), pk=pk)


class WorkerList(DeskView):
    def get(self, request: Any) -> HttpResponse:
        params = {
            key: request.GET.get(key, "").strip() for key in ("q", "status", "skill", "language")
        }
        workers = selectors.worker_list(
            center=request.center,
            search=params["q"],
            status=params["status"],
            skill=params["skill"],
            language=params["language"],
        )
        page = Paginator(workers, 50).get_page(request.GET.get("page"))
        template = "workers/_worker_rows.html" if request.htmx else "workers/worker_list.html"
        return render(
            request,
            template,
            {
                "page": page,
                "params": params,
                "statuses": Worker.Status.choices,
                "skills": selectors.skill_list(),
                "languages": Worker.Language.choices,
            },
        )


class WorkerCreate(DeskView):
    def get(self, request: Any) -> HttpResponse:
        return render(request, "workers/worker_form.html", {"form": WorkerForm()})

    def post(self, request: Any) -> HttpResponse:
        form = WorkerForm(request.POST)
        if form.is_valid():
            try:
                worker = services.worker_create(
                    center=request.center, by=request.user, **form.service_kwargs()
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Registered %(name)s with badge #%(badge)s.")
                    % {"name": worker.known_as, "badge": worker.badge},
                )
                return redirect("worker-detail", pk=worker.pk)
        return render(request, "workers/worker_form.html", {"form": form}, status=400)


class WorkerEdit(DeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        if worker.erased_at:
            raise Http404
        form = WorkerForm.for_worker(worker)
        return render(request, "workers/worker_form.html", {"form": form, "worker": worker})

    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        form = WorkerForm.for_worker(worker, request.POST)
        if form.is_valid():
            try:
                services.worker_update(worker=worker, by=request.user, **form.service_kwargs())
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("worker-detail", pk=worker.pk)
        return render(
            request, "workers/worker_form.html", {"form": form, "worker": worker}, status=400
        )


def _dues_form(worker: Worker, today: Any) -> DuesPaymentForm:
    start = membership.next_period_start(worker, today=today)
    return DuesPaymentForm(initial={"period_from": start})


class WorkerDetail(DeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self._worker(pk)
        return self._page(request, worker, _dues_form(worker, request.center.today()))

    def _worker(self, pk: int) -> Worker:
        return get_object_or_404(
            self.get_queryset()
            .select_related("sms_consent_by", "center")
            .prefetch_related("skills"),
            pk=pk,
        )

    def _page(
        self, request: Any, worker: Worker, dues_form: DuesPaymentForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "workers/worker_detail.html",
            {
                "worker": worker,
                "sanctions": worker.sanctions.all()[:20],
                "privacy_events": worker.privacy_events.select_related("by")[:20],
                "can_manage_privacy": request.role in ADMIN_ROLES,
                **_worker_activities(worker),
                "dues_form": dues_form,
                "dues_payments": membership.dues_payments_of(worker)[:20],
            },
            status=status,
        )


#: The latest activities a worker's page lists (the hours count them all).
WORKER_ACTIVITIES_SHOWN = 30


def _worker_activities(worker: Worker) -> dict[str, Any]:
    """What a worker's page shows of activities: the latest attended, hours per kind, and
    every certificate with whether it is valid today."""
    today = worker.center.today()
    hours = selectors.worker_activity_hours(worker=worker)
    certificates = list(selectors.worker_certificates(worker=worker))
    for certificate in certificates:
        certificate.valid_today = certificate.is_valid_on(today)
    return {
        "attended": selectors.worker_activities(worker=worker)[:WORKER_ACTIVITIES_SHOWN],
        "hours_by_kind": [(Activity.Kind(kind).label, total) for kind, total in hours.items()],
        "hours_total": sum(hours.values()),
        "certificates": certificates,
    }


class DuesPaymentCreate(WorkerDetail):
    """The dues form on the worker's page: a refusal shows on that page, nothing saved."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        return redirect("worker-detail", pk=pk)

    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self._worker(pk)
        form = DuesPaymentForm(request.POST)
        if form.is_valid():
            try:
                payment = membership.dues_payment_record(
                    worker=worker, by=request.user, **form.cleaned_data
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Dues recorded. Print the receipt for the worker."))
                return redirect("dues-receipt", pk=worker.pk, payment=payment.pk)
        return self._page(request, worker, form, status=400)


class DuesReceipt(DeskView):
    """A printable receipt, in the worker's language whatever the desk's."""

    def get(self, request: Any, pk: int, payment: int) -> HttpResponse:
        worker = self.get_worker(pk)
        paid = get_object_or_404(
            DuesPayment.objects.select_related("taken_by", "center"), pk=payment, worker=worker
        )
        language = request.GET.get("lang") or worker.preferred_language
        if language not in Worker.Language.values:
            language = worker.preferred_language
        with translation.override(language):
            return render(
                request,
                "workers/dues_receipt.html",
                {"worker": worker, "payment": paid, "receipt_language": language},
            )


class WorkerPhoto(DeskView):
    """The worker's card photo, for the center's desk staff only (never a public URL)."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        path = photos.photo_path(worker.photo_name)
        if worker.erased_at or path is None or not path.is_file():
            raise Http404
        response = FileResponse(path.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response


class WorkerPhotoTake(DeskView):
    """Take the card photo with the desk's camera (``photo.js``) or upload a file."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self._live_worker(pk)
        form = PhotoForm(initial={"photo_consent": worker.photo_consent_at is not None})
        return render(request, "workers/worker_photo.html", {"worker": worker, "form": form})

    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self._live_worker(pk)
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                photos.photo_save(
                    worker=worker,
                    upload=form.cleaned_data["photo"],
                    consent=form.cleaned_data["photo_consent"],
                    by=request.user,
                )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Photo saved."))
                return redirect("worker-detail", pk=worker.pk)
        return render(
            request, "workers/worker_photo.html", {"worker": worker, "form": form}, status=400
        )

    def _live_worker(self, pk: int) -> Worker:
        worker = self.get_worker(pk)
        if worker.erased_at:
            raise Http404
        return worker


class WorkerPhotoWithdraw(DeskView):
    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        photos.photo_consent_withdraw(worker=worker)
        messages.success(request, _("Consent withdrawn: the photo was deleted."))
        return redirect("worker-detail", pk=worker.pk)


def _card(worker: Worker) -> dict[str, Any]:
    code = worker_card_code(worker)
    return {
        "worker": worker,
        "code": code,
        "barcode": badge_barcode_svg(code),
        "qr": badge_qr_svg(code),
    }


class WorkerCard(DeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        if worker.erased_at:
            raise Http404
        return render(request, "workers/worker_card.html", {"cards": [_card(worker)]})


class WorkerCardSheet(DeskView):
    """A sheet of cards: chosen badges (``?badge=12&badge=15``) or a range (``?from=&to=``)."""

    def get(self, request: Any) -> HttpResponse:
        workers = self.get_queryset().filter(erased_at__isnull=True).order_by("badge")
        center = request.center
        low, high = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
        error = None
        try:  # a badge number, or a card scanned into the box
            badges = [
                selectors.badge_read(center=center, text=b) for b in request.GET.getlist("badge")
            ]
            first = selectors.badge_read(center=center, text=low, field="from") if low else None
            last = selectors.badge_read(center=center, text=high, field="to") if high else None
        except ApplicationError as exc:
            error, badges, first, last = str(exc), [], None, None
        if badges:
            workers = workers.filter(badge__in=badges)
        elif first is not None or last is not None:
            if first is not None:
                workers = workers.filter(badge__gte=first)
            if last is not None:
                workers = workers.filter(badge__lte=last)
        else:
            workers = workers.none()
        cards = [_card(worker) for worker in workers[:CARDS_PER_SHEET_MAX]]
        return render(
            request,
            "workers/worker_cards.html",
            {
                "cards": cards,
                "low": low,
                "high": high,
                "limit": CARDS_PER_SHEET_MAX,
                "error": error,
            },
            status=400 if error else 200,
        )


class WorkerExport(DeskView):
    allowed_roles = ADMIN_ROLES

    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        data = services.worker_export(worker=worker, by=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="worker-{worker.center.slug}-{worker.badge}.json"'
        )
        return response


class WorkerErase(DeskView):
    allowed_roles = ADMIN_ROLES

    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        return render(request, "workers/worker_erase.html", {"worker": worker})

    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self.get_worker(pk)
        if request.POST.get("confirm_badge", "").strip() != str(worker.badge):
            messages.error(request, _("Type the badge number to confirm."))
            return render(request, "workers/worker_erase.html", {"worker": worker}, status=400)
        services.worker_erase(worker=worker, by=request.user)
        messages.success(
            request,
            _("The personal data of worker #%(badge)s was erased.") % {"badge": worker.badge},
        )
        return redirect("worker-detail", pk=worker.pk)


class WorkerDemographics(DeskView):
    """A worker's voluntary demographics, asked only where the center does, by its admins
    (never at the desk's screens); they feed the funder report's counts and nothing else."""

    allowed_roles = ADMIN_ROLES

    def _worker(self, request: Any, pk: int) -> Worker:
        worker = self.get_worker(pk)
        if not request.center.demographics_enabled or worker.erased_at is not None:
            raise Http404
        return worker

    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = self._worker(request, pk)
        form = DemographicsForm.for_worker(worker)
        return render(request, "workers/worker_demographics.html", {"worker": worker, "form": form})

    def post(self, request: Any, pk: int) -> HttpResponse:
        worker = self._worker(request, pk)
        form = DemographicsForm.for_worker(worker, request.POST)
        if form.is_valid():
            try:
                services.demographics_record(worker=worker, by=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Saved. Only counts of these answers are reported."))
                return redirect("worker-detail", pk=worker.pk)
        context = {"worker": worker, "form": form}
        return render(request, "workers/worker_demographics.html", context, status=400)
