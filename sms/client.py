"""The Twilio backend: the only module that imports the Twilio SDK."""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from base64 import b64encode
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

import certifi
import urllib3
from django.conf import settings
from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.voice_response import Gather, VoiceResponse
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError

from sms.backends import (
    Backend,
    Outgoing,
    ProviderMessage,
    SendResult,
    SmsPermanentError,
    SmsTransientError,
    SmsUnknownOutcome,
)

OPTED_OUT = "21610"  # the recipient replied STOP: never send again
MAX_VALIDITY_SECONDS = 36000


def _connection_never_made(exc: HTTPError) -> bool:
    """True when the request surely never reached the provider (refused, DNS, connect
    timeout); a reset or read timeout after the request left is an unknown outcome."""
    return isinstance(exc, NewConnectionError | ConnectTimeoutError)


class PooledHttpClient(HttpClient):
    """The SDK's HTTP client on urllib3's connection pool, shared by every thread of a
    worker process (keep-alive, no retries: the outbox decides what is tried again).

    The SDK builds each request and parses each answer as it does with its own client;
    this one only carries them. Its ``requests`` session read the proxy settings from the
    whole environment on every request (a fifth of a text's send, ``bench/README.md`` §5):
    here the proxy and the CA bundle are read once, when the worker starts."""

    def __init__(self, *, timeout: float, pool_size: int, base_url: str) -> None:
        super().__init__(logging.getLogger("twilio.http_client"), False, timeout)
        url = urlsplit(base_url or "https://api.twilio.com")
        proxy = urllib.request.getproxies().get(url.scheme)
        if proxy and urllib.request.proxy_bypass(url.hostname or ""):
            proxy = None
        options: dict[str, Any] = {
            "maxsize": pool_size,
            "block": False,
            "retries": False,
            "ca_certs": os.environ.get("REQUESTS_CA_BUNDLE") or certifi.where(),
        }
        self.pool: urllib3.PoolManager = (
            urllib3.ProxyManager(proxy, **options) if proxy else urllib3.PoolManager(**options)
        )

    def request(
        self,
        method: str,
        uri: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        sent = dict(headers or {})
        if auth:
            sent["Authorization"] = "Basic " + b64encode(":".join(auth).encode()).decode()
        url = uri
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        body = None
        if data is not None:
            if sent.get("Content-Type", "").endswith("json"):
                body = json.dumps(data)
            else:
                body = urlencode(data, doseq=True)
                sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        answer = self.pool.request(
            method.upper(),
            url,
            body=body,
            headers=sent,
            timeout=timeout or self.timeout,
            redirect=allow_redirects,
        )
        return Response(answer.status, answer.data.decode("utf-8"), answer.headers)


class TwilioBackend(Backend):
    def __init__(self, *, account_sid: str, auth_token: str, timeout: float, base_url: str):
        http_client = PooledHttpClient(
            timeout=timeout, pool_size=settings.SMS_HTTP_POOL_SIZE, base_url=base_url
        )
        self.client = Client(account_sid, auth_token, http_client=http_client)
        if base_url:
            self.client.api.base_url = base_url.rstrip("/")

    def send(self, outgoing: Outgoing) -> SendResult:
        if outgoing.call_url:
            return self._call(outgoing)
        options: dict[str, object] = {}
        if outgoing.status_callback:
            options["status_callback"] = outgoing.status_callback
        if outgoing.validity_seconds:
            options["validity_period"] = max(
                1, min(outgoing.validity_seconds, MAX_VALIDITY_SECONDS)
            )
        created = _sending(
            lambda: self.client.messages.create(
                to=outgoing.to, from_=outgoing.from_, body=outgoing.body, **options
            )
        )
        return SendResult(sid=created.sid, price=created.price)

    def _call(self, outgoing: Outgoing) -> SendResult:
        """Place a call: Twilio fetches ``call_url`` for its TwiML when it is answered
        (answering machines detected), and reports its progress to ``status_callback``."""
        options: dict[str, object] = {}
        if outgoing.status_callback:
            options["status_callback"] = outgoing.status_callback
            options["status_callback_method"] = "POST"
            options["status_callback_event"] = ["initiated", "ringing", "answered", "completed"]
        created = _sending(
            lambda: self.client.calls.create(
                to=outgoing.to,
                from_=outgoing.from_,
                url=outgoing.call_url,
                method="POST",
                machine_detection="Enable",
                timeout=settings.VOICE_RING_SECONDS,
                **options,
            )
        )
        return SendResult(sid=created.sid)

    def fetch(self, sid: str) -> ProviderMessage | None:
        if sid.startswith("CA"):  # a call
            call = _asking(lambda: self.client.calls(sid).fetch(), missing_ok=True)
            return None if call is None else ProviderMessage(call.sid, call.status)
        found = _asking(lambda: self.client.messages(sid).fetch(), missing_ok=True)
        if found is None:
            return None
        return ProviderMessage(found.sid, found.status, str(found.error_code or ""))

    def find(self, outgoing: Outgoing, since: datetime) -> ProviderMessage | None:
        if outgoing.call_url:
            # A call to this number from ours placed after ``since`` (the row's claim allows
            # one attempt in flight).
            calls = _asking(
                lambda: self.client.calls.list(
                    to=outgoing.to, from_=outgoing.from_, start_time_after=since, limit=20
                )
            )
            for call in calls:
                if call.date_created is None or call.date_created >= since:
                    return ProviderMessage(call.sid, call.status)
            return None
        recent = _asking(
            lambda: self.client.messages.list(to=outgoing.to, from_=outgoing.from_, limit=50)
        )
        for found in recent:
            if found.body == outgoing.body and found.date_created and found.date_created >= since:
                return ProviderMessage(found.sid, found.status, str(found.error_code or ""))
        return None


def _sending(create: Callable[[], Any]) -> Any:
    """Run an SDK request that sends: a refused or never-made connection may be tried
    again; one that left without an answer has an unknown outcome."""
    try:
        return create()
    except TwilioRestException as exc:
        raise _classify(exc) from None
    except HTTPError as exc:
        kind = type(exc).__name__
        if _connection_never_made(exc):
            raise SmsTransientError(kind, code="connect") from None
        raise SmsUnknownOutcome(kind, code="timeout") from None


def _asking(request: Callable[[], Any], *, missing_ok: bool = False) -> Any:
    """Run an SDK request that only reads (the sweeper's reconciliation)."""
    try:
        return request()
    except TwilioRestException as exc:
        if missing_ok and exc.status == 404:
            return None
        raise _classify(exc) from None
    except HTTPError as exc:
        raise SmsTransientError(type(exc).__name__, code="connect") from None


def _classify(exc: TwilioRestException) -> Exception:
    code = str(exc.code or exc.status)
    if exc.status == 429 or code == "20429" or exc.status >= 500:
        return SmsTransientError(f"HTTP {exc.status}", code=code)
    return SmsPermanentError(f"HTTP {exc.status}", code=code)


@lru_cache(maxsize=4)
def _backend(sid: str, token: str, timeout: float, base_url: str) -> TwilioBackend:
    return TwilioBackend(account_sid=sid, auth_token=token, timeout=timeout, base_url=base_url)


def twilio_backend() -> TwilioBackend:
    return _backend(
        settings.TWILIO_ACCOUNT_SID,
        settings.TWILIO_AUTH_TOKEN,
        settings.TWILIO_TIMEOUT_SECONDS,
        settings.TWILIO_API_BASE_URL,
    )


def signature_valid(*, token: str, url: str, params: Mapping, signature: str) -> bool:
    """Twilio's ``X-Twilio-Signature`` check over the public URL and every POST parameter."""
    if not token or not signature:
        return False
    return RequestValidator(token).validate(url, params, signature)


def signature_compute(*, token: str, url: str, params: Mapping) -> str:
    """The signature Twilio would send for this request (the SMS simulator signs with it)."""
    return RequestValidator(token).compute_signature(url, params)


# --- calls -----------------------------------------------------------------------------


def twiml(
    steps: list[tuple[str, str, str]],
    *,
    gather_action: str = "",
    after: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    hangup: bool = True,
) -> str:
    """TwiML built with the SDK's ``VoiceResponse``: the steps (``("play", url, "")`` or
    ``("say", text, language)``), inside a one-digit ``<Gather>`` posting to
    ``gather_action`` when given; then ``after`` (said when no key was pressed) and a hang-up."""
    response = VoiceResponse()
    target: VoiceResponse | Gather = response
    if gather_action:
        target = Gather(num_digits=1, action=gather_action, method="POST", timeout=6)
    _say(target, steps)
    if gather_action:
        response.append(target)
    _say(response, after)
    if hangup:
        response.hangup()
    return str(response)


def _say(target: Any, steps: Any) -> None:
    for kind, value, language in steps:
        if kind == "play":
            target.play(value)
        else:
            target.say(value, language=language)
