"""Pages of the worker registry: list and search, register, edit, detail, ID cards, privacy."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from centers.errors import ApplicationError
from centers.inputs import parse_ids, parse_optional_int
from centers.scoping import ADMIN_ROLES, DESK_ROLES, CenterScopedMixin, scope

from . import selectors, services
from .cards import badge_barcode_svg, badge_qr_svg
from .forms import WorkerForm
from .models import Worker

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


def _form_errors_from(form: WorkerForm, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


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
                _form_errors_from(form, exc)
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
                _form_errors_from(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("worker-detail", pk=worker.pk)
        return render(
            request, "workers/worker_form.html", {"form": form, "worker": worker}, status=400
        )


class WorkerDetail(DeskView):
    def get(self, request: Any, pk: int) -> HttpResponse:
        worker = get_object_or_404(
            self.get_queryset().select_related("sms_consent_by").prefetch_related("skills"),
            pk=pk,
        )
        return render(
            request,
            "workers/worker_detail.html",
            {
                "worker": worker,
                "sanctions": worker.sanctions.all()[:20],
                "privacy_events": worker.privacy_events.select_related("by")[:20],
                "can_manage_privacy": request.role in ADMIN_ROLES,
            },
        )


def _card(worker: Worker) -> dict[str, Any]:
    return {
        "worker": worker,
        "barcode": badge_barcode_svg(worker.badge),
        "qr": badge_qr_svg(worker.badge),
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
        badges = parse_ids(request.GET.getlist("badge"), field="badge")
        low, high = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
        first = parse_optional_int(low, field="from")
        last = parse_optional_int(high, field="to")
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
            {"cards": cards, "low": low, "high": high, "limit": CARDS_PER_SHEET_MAX},
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
