"""Which backend sends: ``SMS_BACKEND`` names one of ``sms.backends`` (memory, console) or
the Twilio backend of ``sms.client``, which is imported only when it is the one chosen."""

from __future__ import annotations

from django.conf import settings

from sms.backends import Backend, _console, memory


def get_backend() -> Backend:
    name = settings.SMS_BACKEND
    if name == "memory":
        return memory
    if name == "console":
        return _console
    if name == "twilio":
        from sms.client import twilio_backend

        return twilio_backend()
    raise ValueError(f"unknown SMS_BACKEND {name!r}: use twilio, console or memory")
