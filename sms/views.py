"""Twilio's webhooks, the SMS simulator and the template cost page."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from centers.errors import ApplicationError
from centers.inputs import BadInput, clean_text, parse_int, parse_optional_int
from centers.scoping import ADMIN_ROLES, DESK_ROLES, scope
from sms import selectors, services, voice
from sms.client import signature_compute, signature_valid, twiml
from sms.models import Message, VoicePrompt
from workers.models import Worker
from workers.services import voice_language_clean

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
    context = {
        "rows": selectors.template_costs(),
        "simulator": settings.SMS_SIMULATOR,
        "can_record": request.role in ADMIN_ROLES,
    }
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
    calls = selectors.simulator_calls(center=request.center, worker=selected) if selected else []
    context = {
        "workers": workers,
        "selected": selected,
        "quick_replies": QUICK_REPLIES,
        "calls": calls,
        **_conversation(request, selected),
    }
    template = "sms/_simulator_thread.html" if request.htmx else "sms/simulator_page.html"
    if request.htmx and request.GET.get("part") == "calls":
        template = "sms/_simulator_calls.html"
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
    worker = _simulator_worker(request)
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


def _simulator_worker(request: Any) -> Worker:
    """The phone the simulator acts for: a worker of the desk's own center."""
    if not settings.SMS_SIMULATOR:
        raise Http404
    _desk(request)
    return get_object_or_404(
        scope(Worker.objects.exclude(phone=""), request.center),
        pk=parse_int(request.POST.get("worker"), min_value=1, field="worker"),
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
    return _signed_post(request, path, params).status_code


# --- calls: Twilio's voice webhooks ----------------------------------------------------

#: The voice parameters that are read, and their longest accepted value.
VOICE_TEXT = {
    "CallSid": 64,
    "CallStatus": 12,
    "AnsweredBy": 24,
    "Digits": 4,
    "From": 32,
    "To": 32,
}
HANGUP_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>'


def _voice_params(request: HttpRequest) -> dict[str, str] | HttpResponse:
    """The signed request's parameters, or the refusal: 403 for a bad signature, 400 for
    a value that cannot be kept (checked before anything is written)."""
    if not _signed(request):
        log.warning("voice webhook %s: bad signature, refused", request.path)
        return HttpResponseForbidden()
    params = request.POST.dict()
    try:
        for name, longest in VOICE_TEXT.items():
            if name in params:
                clean_text(params[name], max_length=longest, field=name)
        if params.get("CallDuration", "").strip():
            params["CallDuration"] = str(
                parse_int(
                    params["CallDuration"], min_value=0, max_value=86400, field="CallDuration"
                )
            )
    except BadInput as error:
        log.warning("voice webhook: bad %s, refused", error.field)
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if not params.get("CallSid"):
        return HttpResponseBadRequest("CallSid", content_type="text/plain; charset=utf-8")
    return params


def voice_webhook(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A Twilio voice webhook: POST only, no CSRF token (Twilio signs instead), the numbers
    kept out of error reports, and the view called with the checked parameters only when
    the signature and every value pass (``_voice_params``)."""

    @csrf_exempt
    @require_POST
    @sensitive_post_parameters("From", "To")
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        params = _voice_params(request)
        if isinstance(params, HttpResponse):
            return params
        return view(request, params, *args, **kwargs)

    return checked


def _xml(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="text/xml")


def _call_steps(message: Message, items: list[list[str]], language: str = "") -> list:
    language = language or message.voice_script["language"]
    prompts = selectors.prompts_recorded(message.center_id, language)
    return voice.steps(items, language=language, prompts=prompts, center_id=message.center_id)


def _call_twiml(message: Message, *, greeting: bool = True) -> HttpResponse:
    script = message.voice_script or {"language": "es", "items": [], "gather": False}
    items = script["items"] if greeting else script["items"][1:]
    language = script["language"]
    goodbye = [voice.fixed("goodbye", language)]
    if not script.get("gather"):
        return _xml(twiml(_call_steps(message, items)))
    return _xml(
        twiml(
            _call_steps(message, items),
            gather_action=voice.public_url(reverse("sms-voice-gather")),
            after=_call_steps(message, goodbye),
        )
    )


@voice_webhook
def twilio_voice_call(
    request: HttpRequest, params: dict[str, str], message_id: int
) -> HttpResponse:
    """A call we placed was answered: its TwiML. An answering machine on an offer call is
    hung up on (no reply: the offer passes on at its expiry, as for a text)."""
    answered_by = params.get("AnsweredBy", "")
    message = services.call_answered(sid=params["CallSid"], answered_by=answered_by)
    if message is None or message.pk != message_id:
        return _xml(HANGUP_TWIML)
    gather = bool((message.voice_script or {}).get("gather"))
    if gather and answered_by.startswith(("machine", "fax")):
        return _xml(HANGUP_TWIML)
    return _call_twiml(message)


@voice_webhook
def twilio_voice_gather(request: HttpRequest, params: dict[str, str]) -> HttpResponse:
    """A key pressed on an offer call: 1 takes the job, 2 passes, 9 (or any other) repeats."""
    message, outcome = services.call_keypress(sid=params["CallSid"], digit=params.get("Digits", ""))
    if message is None:
        return _xml(HANGUP_TWIML)
    if outcome == "repeat":
        return _call_twiml(message, greeting=False)
    language = message.voice_script["language"]
    said = [voice.fixed(outcome, language)]
    if outcome != "goodbye":
        said.append(voice.fixed("goodbye", language))
    return _xml(twiml(_call_steps(message, said)))


@voice_webhook
def twilio_voice_status(request: HttpRequest, params: dict[str, str]) -> HttpResponse:
    """A call's progress (initiated, ringing, answered, completed…), kept once per status."""
    duration = params.get("CallDuration", "")
    services.call_status_record(
        sid=params["CallSid"],
        status=params.get("CallStatus", ""),
        duration=int(duration) if duration else None,
        answered_by=params.get("AnsweredBy", ""),
    )
    return _twiml()


@voice_webhook
def twilio_voice_inbound(request: HttpRequest, params: dict[str, str]) -> HttpResponse:
    """A call to the center's number: a known worker hears their place and what is open."""
    center, language, script = services.inbound_call_script(params=params)
    if center is None or not script:
        unknown = [
            ("say", "Este número no está registrado en el centro.", voice.TTS["es"]),
            ("say", "This number is not registered at the center.", voice.TTS["en"]),
        ]
        return _xml(twiml(unknown))
    prompts = selectors.prompts_recorded(center.pk, language)
    return _xml(twiml(voice.steps(script, language=language, prompts=prompts, center_id=center.pk)))


def voice_audio(request: HttpRequest, center_id: int, token: str) -> HttpResponse:
    """A recorded prompt, for Twilio (or the admin's page): only by a signed URL that has
    not expired and was made for this center."""
    prompt_id = voice.audio_token_read(token, center_id=center_id)
    prompt = (
        VoicePrompt.objects.filter(pk=prompt_id, center_id=center_id).first() if prompt_id else None
    )
    if prompt is None:
        raise Http404
    response = FileResponse(prompt.audio.open("rb"), content_type=prompt.content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- recorded prompts: the center admin's page ----------------------------------------


def _admin(request: Any) -> None:
    if request.center is None or request.role not in ADMIN_ROLES:
        raise PermissionDenied


@login_required
def voice_prompts(request: Any) -> HttpResponse:
    """The fragments a center's calls say in one language: recorded (to hear again) or
    missing, with a recorder and an upload for each."""
    _admin(request)
    languages = selectors.prompt_languages(center=request.center)
    language = request.GET.get("language", "").strip() or languages[0]
    try:
        language = voice_language_clean(language) or languages[0]
    except ApplicationError as error:
        messages.error(request, str(error))
        language = languages[0]
    if language not in languages:
        languages.append(language)
    rows = selectors.prompt_rows(center=request.center, language=language)
    context = {
        "languages": languages,
        "language": language,
        "rows": rows,
        "missing": [row for row in rows if row.prompt_id is None],
        "tts": voice.has_tts(language),
        "max_bytes": settings.VOICE_PROMPT_MAX_BYTES,
    }
    return render(request, "sms/voice_prompts.html", context)


@login_required
@require_POST
def voice_prompt_save(request: Any) -> HttpResponse:
    """Keep a recorded or uploaded fragment (the recorder posts the same form)."""
    _admin(request)
    language = request.POST.get("language", "")
    key = request.POST.get("key", "")
    try:
        services.prompt_save(
            center=request.center, language=language, key=key, upload=request.FILES.get("audio")
        )
    except ApplicationError as error:
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        messages.error(request, str(error))
    else:
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=204)
        messages.success(request, _("Recording saved."))
    return redirect(f"{reverse('sms-voice-prompts')}?{urlencode({'language': language})}")


# --- the simulator's voice mode --------------------------------------------------------


def _signed_post(request: HttpRequest, path: str, params: dict[str, str]) -> HttpResponse:
    signature = signature_compute(
        token=webhook_token(), url=settings.SMS_PUBLIC_BASE_URL.rstrip("/") + path, params=params
    )
    return Client(HTTP_HOST=request.get_host()).post(
        path, params, secure=request.is_secure(), HTTP_X_TWILIO_SIGNATURE=signature
    )


@login_required
@require_POST
def simulator_call(request: Any) -> HttpResponse:
    """Answer a call as the worker, press a key, or call the center: each one a signed
    request through the real voice webhook; the TwiML it answers is shown and played."""
    worker = _simulator_worker(request)
    center_number, phone = str(worker.center.sms_number), str(worker.phone)
    action = request.POST.get("action", "answer")
    if action == "inbound":
        sid = "CA" + secrets.token_hex(16)
        params = {"CallSid": sid, "From": phone, "To": center_number, "CallStatus": "ringing"}
        response = _signed_post(request, reverse("sms-voice-inbound"), params)
    else:
        call = get_object_or_404(
            Message.objects.filter(center=request.center, worker=worker, channel="voice"),
            pk=parse_int(request.POST.get("call"), min_value=1, field="call"),
        )
        sid = str(call.provider_sid or "")
        params = {"CallSid": sid, "From": center_number, "To": phone}
        if action == "key":
            digit = request.POST.get("digit", "")[:1]
            response = _signed_post(
                request, reverse("sms-voice-gather"), params | {"Digits": digit}
            )
        else:
            params |= {"CallStatus": "in-progress", "AnsweredBy": "human"}
            response = _signed_post(request, reverse("sms-voice-call", args=[call.pk]), params)
    context = {
        "selected": worker,
        "call_id": request.POST.get("call", ""),
        "status": response.status_code,
        **twiml_read(response.content if response.status_code == 200 else b""),
    }
    return render(request, "sms/_simulator_call.html", context)


def twiml_read(body: bytes) -> dict[str, Any]:
    """What a TwiML answer plays (audio paths on this site, or text and its language) and
    whether it waits for a key."""
    import xml.etree.ElementTree as ET

    steps: list[dict[str, str]] = []
    if not body:
        return {"steps": steps, "gather": False}
    root = ET.fromstring(body)  # noqa: S314
    base = settings.SMS_PUBLIC_BASE_URL.rstrip("/")
    for node in root.iter():
        if node.tag == "Play" and node.text:
            steps.append({"play": node.text.removeprefix(base)})
        elif node.tag == "Say" and node.text:
            steps.append({"say": node.text, "language": node.get("language", "")})
    return {"steps": steps, "gather": root.find("Gather") is not None}
