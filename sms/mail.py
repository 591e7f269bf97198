"""The email outbox: a row first, sent by a Celery task after the transaction commits.

Like the SMS outbox (``sms.services``): ``mail_queue`` renders the subject and body in the
reader's language and writes an ``Email`` row in ``queued``; ``mail_send`` claims the row
with a conditional update (``queued → sending``), sends it through Django's mail API outside
any transaction and records the result. A failed send is retried with backoff up to
``EMAIL_MAX_ATTEMPTS``; the sweeper re-enqueues rows whose task was lost. SMTP is not
idempotent: a row left in ``sending`` by a killed worker is marked failed, never resent.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from centers.models import Center
from centers.queue import enqueue_by_name
from sms.models import Email

log = logging.getLogger(__name__)

Status = Email.Status
#: The kinds of email, each a template pair ``sms/mail/<kind>.txt`` (first line: subject).
KINDS = frozenset(
    {
        "signup_verify",
        "signup_approved",
        "signup_refused",
        "workers_coming",
        "job_reminder",
        "job_cancelled",
        "worker_cancelled",
    }
)


def mail_queue(
    *, center: Center, to: str, language: str, kind: str, context: dict[str, Any]
) -> Email | None:
    """Render ``kind`` in ``language`` and put it in the outbox; None (nothing written)
    without an address."""
    if kind not in KINDS:
        raise ValueError(f"no email of kind {kind!r}")
    if not to:
        return None
    language = language if language in ("es", "en") else center.default_language
    with translation.override(language):
        text = render_to_string(f"sms/mail/{kind}.txt", {"center": center, **context})
    subject, _sep, body = text.strip().partition("\n")
    email = Email.objects.create(
        center=center,
        to_address=to,
        kind=kind,
        language=language,
        subject=subject.strip()[:200],
        body=body.strip() + "\n",
    )
    enqueue_by_name("sms.tasks.mail_send", email.pk, recovery="the email sweeper will send it")
    log.info("email #%s queued: %s", email.pk, kind)
    return email


class MailRetryLater(Exception):
    def __init__(self, delay: float) -> None:
        super().__init__(delay)
        self.delay = delay


def mail_send(*, email_id: int) -> bool:
    """Send one queued email at most once; True when it left. Raises ``MailRetryLater``
    after a failure that may pass (the row is back in ``queued``)."""
    now = timezone.now()
    claimed = Email.objects.filter(pk=email_id, status=Status.QUEUED).update(
        status=Status.SENDING, sending_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return False
    email = Email.objects.select_related("center").get(pk=email_id)
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers={"Content-Language": email.language},
    )
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        _fail(email, repr(exc))
        return False
    except (OSError, smtplib.SMTPException) as exc:
        if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            _fail(email, repr(exc))
            return False
        delay = min(600.0, 2.0 ** (email.attempts + 1))
        Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
            status=Status.QUEUED,
            error=repr(exc)[:200],
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        log.info("email #%s: %s, retry in %.0fs", email.pk, type(exc).__name__, delay)
        raise MailRetryLater(delay) from exc
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), error=""
    )
    log.info("email #%s sent", email.pk)
    return True


def _fail(email: Email, error: str) -> None:
    log.warning("email #%s failed: %s", email.pk, error[:80])
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.FAILED, error=error[:200]
    )


def mail_sweep() -> dict[str, int]:
    """Re-enqueue queued rows whose task was lost (broker down at commit, a worker killed);
    mark failed the rows a killed worker left ``sending`` (their outcome is unknown and SMTP
    cannot be asked: a resend could arrive twice)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.SMS_REQUEUE_AFTER_SECONDS)
    stuck = list(
        Email.objects.filter(status=Status.QUEUED)
        .filter(
            Q(next_attempt_at__lt=stale) | Q(next_attempt_at__isnull=True, created_at__lt=stale)
        )
        .values_list("pk", flat=True)[:1000]
    )
    for pk in stuck:
        Email.objects.filter(pk=pk, status=Status.QUEUED).update(next_attempt_at=now)
        enqueue_by_name("sms.tasks.mail_send", pk, recovery="the next sweep will")
    lost = Email.objects.filter(
        status=Status.SENDING,
        sending_at__lt=now - timedelta(seconds=settings.SMS_SENDING_GRACE_SECONDS),
    ).update(status=Status.FAILED, error="outcome unknown: the sending worker stopped")
    return {"requeued": len(stuck), "failed": lost}
