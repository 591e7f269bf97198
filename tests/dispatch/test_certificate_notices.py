"""The daily notice of certificates about to expire: listed for the coordinator, and each
worker texted once, in their language, only with consent and never after opting out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dispatch.services.certificates import certificate_expiry_notices_send
from sms import catalog, segments
from sms.models import OptOut
from tests import factories
from workers.models import Certificate, Training
from workers.selectors import certificates_expiring

pytestmark = pytest.mark.django_db


def certificate(worker, code="first_aid", expires_in=20, issued_ago=700):
    today = worker.center.today()
    return Certificate.objects.create(
        center=worker.center,
        worker=worker,
        training=Training.objects.get(code=code),
        issued_on=today - timedelta(days=issued_ago),
        expires_on=today + timedelta(days=expires_in),
    )


def test_a_worker_is_texted_once_about_a_certificate_that_expires_soon(center, outbox):
    worker = factories.WorkerFactory(center=center, preferred_language="es")
    soon = certificate(worker)
    certificate(factories.WorkerFactory(center=center), expires_in=45)  # not yet
    assert certificate_expiry_notices_send() == 1
    assert certificate_expiry_notices_send() == 0  # the next day: already told
    (text,) = outbox(kind="certificate_expiring")
    assert text.worker == worker
    assert "tu certificado de Primeros auxilios y RCP vence el" in text.body
    assert text.segments == 1
    soon.refresh_from_db()
    assert soon.expiry_notice_at is not None


def test_no_text_without_consent_or_after_opting_out_and_none_once_renewed(center, outbox):
    no_consent = factories.WorkerFactory(center=center, sms_consent_at=None)
    opted_out = factories.WorkerFactory(center=center)
    OptOut.objects.create(
        center=center, phone=str(opted_out.phone), source="reply", opted_out_at=timezone.now()
    )
    renewed = factories.WorkerFactory(center=center)
    for worker in (no_consent, opted_out, renewed):
        certificate(worker)
    certificate(renewed, expires_in=700, issued_ago=10)
    assert certificate_expiry_notices_send() == 0
    assert not outbox(kind="certificate_expiring")
    listed = certificates_expiring(center=center, day=center.today())
    assert {c.worker_id for c in listed} == {no_consent.pk, opted_out.pk}


def test_the_notice_is_one_segment_and_informational_in_both_languages():
    for language in catalog.LANGUAGES:
        text = catalog.render(
            "certificate_expiring", catalog.worst_case("certificate_expiring"), language
        )
        assert segments.count(text).segments == 1, text
    assert catalog.priority_of("certificate_expiring") == catalog.Priority.INFORMATIONAL


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Certificates about to expire"), ("es", "Certificados por vencer")],
)
def test_the_coordinator_sees_the_certificates_about_to_expire(
    desk_client, coordinator, center, other_center, language, title
):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    mine = factories.WorkerFactory(center=center, known_as="Rosa")
    certificate(mine)
    certificate(factories.WorkerFactory(center=other_center, known_as="Ajena"))
    page = desk_client.get("/activities/certificates/expiring/").content.decode()
    assert title in page
    assert "Rosa" in page
    assert "Ajena" not in page
