"""Celery tasks of the sms app: thin, they take ids and call services."""

from __future__ import annotations

from celery import shared_task

from sms import services


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def sms_send(self, message_id: int, reserved: bool = False) -> None:
    """Send one outbox row at most once.

    A transient error comes back as ``RetryLater``: the row is already back in ``queued``
    and the attempt counted in the database, which bounds the retries. The rate limit's
    wait is not a failure: the task runs again at its reserved time."""
    try:
        wait = services.outbound_send(message_id=message_id, reserved=reserved)
    except services.RetryLater as exc:
        raise self.retry(countdown=exc.delay) from None
    if wait > 0:
        sms_send.apply_async((message_id,), {"reserved": True}, countdown=wait)


@shared_task(ignore_result=True)
def outbox_sweep() -> dict[str, int]:
    return services.outbox_sweep()
