"""The daily notice of certificates about to expire: each worker is texted once per
certificate (informational, in their language; consent and opt-out respected)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from centers.models import Center
from sms.catalog import Kind, Translated
from workers.models import Certificate
from workers.selectors import certificates_expiring

from .notify import sms_queue


def certificate_expiry_notices_send(*, now: datetime | None = None) -> int:
    """Text every worker whose certificate expires within the notice period (and who has
    not renewed it) once; returns the texts queued. A worker who cannot be texted now is
    tried again the next day (the certificate stays unmarked)."""
    now = now or timezone.now()
    sent = 0
    for center in Center.objects.exclude(sms_number=""):
        day = now.astimezone(center.tz).date()
        due = certificates_expiring(center=center, day=day).filter(expiry_notice_at__isnull=True)
        for pk in due.values_list("pk", flat=True):
            sent += _notice_send(center=center, certificate_id=pk, now=now)
    return sent


@transaction.atomic
def _notice_send(*, center: Center, certificate_id: int, now: datetime) -> int:
    certificate = (
        Certificate.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=certificate_id, expiry_notice_at__isnull=True)
        .select_related("worker", "training")
        .first()
    )
    if certificate is None:  # told meanwhile by another run
        return 0
    training = certificate.training
    message = sms_queue(
        center=center,
        worker=certificate.worker,
        kind=Kind.CERTIFICATE_EXPIRING,
        context={
            "center": center.sms_sender_name(),
            "training": Translated(es=training.name_es, en=training.name_en),
            "day": certificate.expires_on,
        },
    )
    if message is None:
        return 0
    certificate.expiry_notice_at = now
    certificate.save(update_fields=["expiry_notice_at"])
    return 1
