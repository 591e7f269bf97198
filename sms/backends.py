"""Where outbound messages go, chosen by ``settings.SMS_BACKEND``: twilio, console or memory.

A backend sends one message and says how it went: a ``SendResult`` when the provider took
it, ``SmsTransientError`` when it surely did not and a later try may work (429, 5xx, no
connection), ``SmsPermanentError`` when trying again cannot help (invalid number, landline,
opted out), ``SmsUnknownOutcome`` when the request left but no answer came back: the
message may have been sent and must not be sent again blindly.
"""

from __future__ import annotations

import sys
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from centers.logmask import mask_phone


@dataclass(frozen=True)
class Outgoing:
    to: str
    from_: str
    body: str
    validity_seconds: int | None = None
    status_callback: str | None = None
    #: A call instead of a text: where Twilio fetches the call's TwiML.
    call_url: str | None = None


@dataclass(frozen=True)
class SendResult:
    sid: str
    status: str = "sent"  # accepted by the provider
    price: str | None = None


@dataclass(frozen=True)
class ProviderMessage:
    sid: str
    status: str
    error_code: str = ""


class SmsError(Exception):
    def __init__(self, message: str = "", *, code: str = "") -> None:
        super().__init__(message or code)
        self.code = code


class SmsTransientError(SmsError):
    """The provider did not take the message; trying again later may work."""


class SmsPermanentError(SmsError):
    """The provider refused the message for good (bad number, landline, opted out)."""


class SmsUnknownOutcome(SmsError):
    """The request went out and no answer came back: the message may have been sent."""


class Backend:
    def send(self, outgoing: Outgoing) -> SendResult:
        raise NotImplementedError

    def fetch(self, sid: str) -> ProviderMessage | None:
        """The provider's record of a message it accepted, for the sweeper's reconciliation."""
        return None

    def find(self, outgoing: Outgoing, since: datetime) -> ProviderMessage | None:
        """A message the provider accepted after ``since`` with this recipient and body."""
        return None


def new_sid(prefix: str = "SM") -> str:
    """A message SID in Twilio's form (``SM`` and 32 hex digits; ``CA`` for a call), unique
    across processes and restarts (a prefork worker's children must never hand out the
    same one)."""
    return f"{prefix}{uuid.uuid4().hex}"


def _sid_for(outgoing: Outgoing) -> str:
    return new_sid("CA" if outgoing.call_url else "SM")


@dataclass
class MemoryBackend(Backend):
    """Keeps what it sends in a process-wide list: for tests."""

    outbox: list[Outgoing] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, outgoing: Outgoing) -> SendResult:
        with self._lock:
            self.outbox.append(outgoing)
        return SendResult(sid=_sid_for(outgoing))

    def clear(self) -> None:
        with self._lock:
            self.outbox.clear()


class ConsoleBackend(Backend):
    """Prints each message to standard output: for development (the number is masked)."""

    def send(self, outgoing: Outgoing) -> SendResult:
        sid = _sid_for(outgoing)
        what = "Call" if outgoing.call_url else "SMS"
        sys.stdout.write(f"--- {what} to {mask_phone(outgoing.to)} ---\n{outgoing.body}\n---\n")
        sys.stdout.flush()
        return SendResult(sid=sid)


memory = MemoryBackend()
_console = ConsoleBackend()
