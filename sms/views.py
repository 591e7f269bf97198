"""Twilio's webhooks, the SMS simulator and the template cost page."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.test import Client
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from centers.inputs import BadInput, clean_text, parse_int, parse_optional_int
from centers.scoping import DESK_ROLES, scope
from sms import selectors, services
from sms.client import signature_compute, signature_valid
from workers.models import Worker

log = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# Signs the simulator's requests when no Twilio token is configured (development only).
QUICK_REPLIES = ("1", "2", "SI", "NO", "LUGAR", "AYUDA", "ALTO", "INICIO", "STOP", "START")
DEVELOPMENT_TOKEN = "jornada-development-sms-simulator"  # noqa: S105
#: Twilio's parameters that are stored, and the longest value their columns keep (a text
#: of 10 segments at most; numbers in E.164 are far shorter than 32).
WEBHOOK_TEXT = {
    "MessageSid": 64,
    "MessageStatus": 12,
    "ErrorCode": 10,
    "From": 32,
    "To": 32,
    "Body": 1600,
}


def webhook_token() -> str:
    """The token webhooks are checked against: Twilio's, or in development with the
    simulator on and no Twilio token, a fixed development token. Empty means refuse all."""
    if settings.TWILIO_AUTH_TOKEN:
        return settings.TWILIO_AUTH_TOKEN
    if settings.SMS_SIMULATOR and not settings.PRODUCTION:
        return DEVELOPMENT_TOKEN
    return ""


def _public_url(request: HttpRequest) -> str:
    return settings.SMS_PUBLIC_BASE_URL.rstrip("/") + request.path


def _signed(request: HttpRequest) -> bool:
    return signature_valid(
        token=webhook_token(),
        url=_public_url(request),
        params=request.POST,
        signature=request.headers.get("X-Twilio-Signature", ""),
    )


def _webhook_params(request: HttpRequest) -> dict[str, str]:
    """The webhook's parameters, checked by the one input rule (``centers.inputs``) against
    the columns they are stored in; raises ``BadInput`` for a value that cannot be kept."""
    params = request.POST.dict()
    for name, longest in WEBHOOK_TEXT.items():
        if name in params:
            clean_text(params[name], max_length=longest, field=name)
    if params.get("NumSegments", "").strip():
        params["NumSegments"] = str(
            parse_int(params["NumSegments"], min_value=1, max_value=100, field="NumSegments")
        )
    return params


def _twiml() -> HttpResponse:
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


@csrf_exempt
@require_POST
@sensitive_post_parameters("Body", "From", "To")
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    """A text from a worker. Answers go through the outbox, never as TwiML."""
    if not _signed(request):
        log.warning("sms inbound webhook: bad signature, refused")
        return HttpResponseForbidden()
    try:
        params = _webhook_params(request)
    except BadInput as error:
        log.warning("sms inbound webhook: bad %s, refused", error.field)
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    services.inbound_receive(params=params)
    return _twiml()


@csrf_exempt
@require_POST
@sensitive_post_parameters("From", "To")
def twilio_status(request: HttpRequest) -> HttpResponse:
    """A delivery report. Unknown statuses are answered 200 so Twilio does not retry them."""
    if not _signed(request):
        log.warning("sms status webhook: bad signature, refused")
        return HttpResponseForbidden()
    try:
        params = _webhook_params(request)
    except BadInput as error:
        log.warning("sms status webhook: bad %s, refused", error.field)
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    sid = params.get("MessageSid", "")
    status = params.get("MessageStatus", "")
    if sid and status:
        services.status_record(sid=sid, status=status, error_code=params.get("ErrorCode", ""))
    return _twiml()


# --- staff pages ---------------------------------------------------------------------


def _desk(request: Any) -> None:
    if request.center is None or request.role not in DESK_ROLES:
        raise PermissionDenied


@login_required
def template_costs(request: Any) -> HttpResponse:
    """Every message kind in both languages with worst-case values: length, encoding,
    segments and what it costs."""
    _desk(request)
    context = {"rows": selectors.template_costs(), "simulator": settings.SMS_SIMULATOR}
    return render(request, "sms/template_list.html", context)


@login_required
def simulator(request: Any) -> HttpResponse:
    """The demo workers' phones: their conversations, and a box to reply as them."""
    if not settings.SMS_SIMULATOR:
        raise Http404
    _desk(request)
    workers = selectors.simulator_workers(center=request.center)
    selected = None
    worker_id = parse_optional_int(request.GET.get("worker"), min_value=1, field="worker")
    if worker_id is not None:
        selected = get_object_or_404(scope(Worker.objects.all(), request.center), pk=worker_id)
    elif workers:
        selected = workers[0]
    context = {
        "workers": workers,
        "selected": selected,
        "quick_replies": QUICK_REPLIES,
        **_conversation(request, selected),
    }
    template = "sms/_simulator_thread.html" if request.htmx else "sms/simulator_page.html"
    return render(request, template, context)


def _conversation(request: Any, worker: Worker | None) -> dict[str, Any]:
    if worker is None:
        return {"conversation": []}
    return {"conversation": selectors.conversation(center=request.center, worker=worker)}


@login_required
@require_POST
@sensitive_post_parameters("body", "quick")
def simulator_reply(request: Any) -> HttpResponse:
    """Reply as a worker: a signed request through the real inbound webhook."""
    if not settings.SMS_SIMULATOR:
        raise Http404
    _desk(request)
    worker = get_object_or_404(
        scope(Worker.objects.exclude(phone=""), request.center),
        pk=parse_int(request.POST.get("worker"), min_value=1, field="worker"),
    )
    body = (request.POST.get("quick") or request.POST.get("body", "")).strip()[:320]
    if body:
        status = simulator_send(request=request, worker=worker, body=body)
        if status != 200:
            log.warning("sms simulator: the inbound webhook answered %s", status)
    if not request.htmx:
        return redirect(f"{reverse('sms-simulator')}?worker={worker.pk}")
    return render(
        request,
        "sms/_simulator_thread.html",
        {"selected": worker, **_conversation(request, worker)},
    )


def simulator_send(*, request: HttpRequest, worker: Worker, body: str) -> int:
    """POST a text from ``worker``'s phone to the inbound webhook, signed as Twilio would."""
    path = reverse("sms-twilio-inbound")
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": settings.TWILIO_ACCOUNT_SID or "AC" + "0" * 32,
        "From": str(worker.phone),
        "To": str(worker.center.sms_number),
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }
    signature = signature_compute(
        token=webhook_token(), url=settings.SMS_PUBLIC_BASE_URL.rstrip("/") + path, params=params
    )
    response = Client(HTTP_HOST=request.get_host()).post(
        path, params, secure=request.is_secure(), HTTP_X_TWILIO_SIGNATURE=signature
    )
    return response.status_code
