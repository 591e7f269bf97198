"""Celery tasks of the sms app: thin, they take ids and call services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from centers.queue import enqueue_now
from sms import mail, services

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def sms_send(self, message_id: int, reserved: bool = False) -> None:
    """Send one outbox row at most once.

    A transient error comes back as ``RetryLater``: the row is already back in ``queued``
    and the attempt counted in the database, which bounds the retries. The rate limit's
    wait is not a failure: the task runs again at its turn (a countdown, so it holds no
    worker slot meanwhile), at the broker priority it came with."""
    try:
        wait = services.outbound_send(message_id=message_id, reserved=reserved)
    except services.RetryLater as exc:
        raise self.retry(countdown=exc.delay) from None
    if wait > 0:
        priority = (self.request.delivery_info or {}).get("priority")
        sms_send.apply_async(
            (message_id,), {"reserved": True}, countdown=wait, priority=priority or 0
        )


@shared_task(bind=True, acks_late=True, ignore_result=True)
def sms_send_batch(self, message_ids: list[int]) -> None:
    """Send the texts queued together (``services.outbox_batch``); those that must wait
    for their turn or retry go on alone, at the priority the batch came with."""
    outcome = services.outbound_send_batch(message_ids=message_ids)
    priority = (self.request.delivery_info or {}).get("priority") or 0
    for later in outcome.later:
        sms_send.apply_async(
            (later.message_id,),
            {"reserved": later.reserved},
            countdown=later.delay,
            priority=priority,
        )
    if outcome.rest:
        services.outbox_enqueue(outcome.rest, broker_priority=priority)


@shared_task(ignore_result=True)
def outbox_sweep() -> dict[str, int]:
    return services.outbox_sweep()


@shared_task(acks_late=True, ignore_result=True)
def dues_reminders_send() -> int:
    """The renewal reminders due now (each sent once per paid period)."""
    return services.dues_reminders_send()


@shared_task(ignore_result=True)
def outbox_recover() -> dict[str, int]:
    """A worker started: hand out what a killed worker left queued now, not on the next
    timer, and sweep again once the texts it had in flight can be reconciled."""
    done = services.outbox_sweep(requeue_after=settings.SMS_STARTUP_REQUEUE_AFTER_SECONDS)
    enqueue_now(
        outbox_sweep,
        recovery="the timer's sweep will reconcile",
        countdown=settings.SMS_SENDING_GRACE_SECONDS + 1,
    )
    return done


@worker_ready.connect(dispatch_uid="sms.outbox_recover")
def _on_worker_ready(sender: object = None, **kwargs: object) -> None:
    enqueue_now(outbox_recover, recovery="the timer's sweep will send it", priority=0)


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def mail_send(self, email_id: int) -> None:
    """Send one email of the outbox (``sms.mail``); the attempts are counted on the row."""
    try:
        mail.mail_send(email_id=email_id)
    except mail.MailRetryLater as exc:
        raise self.retry(countdown=exc.delay) from None


@shared_task(ignore_result=True)
def mail_sweep() -> dict[str, int]:
    return mail.mail_sweep()
