"""The baseline of ``bench sms``: a Celery task that makes the pipeline's Twilio SDK call
(the same backend, client and HTTP session) and nothing else: no database, no rate limit.

The worker loads it with ``-I bench._bare``; its options are those of ``sms.tasks.sms_send``
so both pay the same Celery overhead."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from sms.backends import Outgoing
from sms.transport import get_backend


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def bare_send(self, to: str, from_: str, body: str) -> None:
    get_backend().send(
        Outgoing(
            to=to,
            from_=from_,
            body=body,
            validity_seconds=None,
            status_callback=settings.SMS_PUBLIC_BASE_URL.rstrip("/") + "/sms/twilio/status/",
        )
    )
