"""The worker's data export holds everything about the person (every table that keeps
something about them) and nothing about anyone else, for their own center's admin only."""

from __future__ import annotations

import json
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dispatch.models import DispatchDecision, Offer, PriorityFlag, SignIn
from sms.models import Message, OptOut
from tests import factories
from wages.models import ClaimEvent
from workers import activities
from workers.models import Demographics, DuesPayment, Sanction

SECTIONS = {
    "person",
    "demographics",
    "sanctions",
    "dues",
    "signins",
    "priority_flags",
    "offers",
    "assignments",
    "dispatch_decisions",
    "wage_claims",
    "text_messages",
    "sms_opt_outs",
    "activities",
    "certificates",
    "privacy_events",
}


def _everything(center, worker, *, tag):
    """A row in every table that holds something about ``worker``; texts carry ``tag``."""
    now = timezone.now()
    today = center.today()
    training = activities.activity_create(
        center=center, kind="safety", training="osha10", title=f"Training {tag}", date=today,
        start_time=time(9, 0), hours=Decimal("10"),
    )  # fmt: skip
    activities.attendance_record(activity=training, worker=worker)
    activities.activity_complete(activity=training)
    employer = factories.EmployerFactory(
        center=center,
        name=f"Contact {tag}",
        business_name=f"Business {tag}",
        phone="+19095559999",
        email=f"private-{tag}@example.org",
        notes=f"Employer private note {tag}",
        address=f"Employer home address {tag}",
    )
    job = factories.JobFactory(
        center=center, employer=employer, description=f"Job description {tag}"
    )
    SignIn.objects.create(center=center, worker=worker, date=today, signed_in_at=now, position=3)
    Demographics.objects.create(worker=worker, age_group="25_39")
    PriorityFlag.objects.create(center=center, worker=worker, date=today, list_name=f"List {tag}")
    assignment = factories.AssignmentFactory(
        job=job,
        worker=worker,
        hours_worked=Decimal("6.0"),
        amount_paid=Decimal("90.00"),
        worker_rating=4,
        worker_rating_comment=f"Rating comment {tag}",
    )
    Offer.objects.create(
        center=center, job=job, worker=worker, state="accepted", expires_at=now, assignment=None
    )
    DispatchDecision.objects.create(
        center=center, date=today, job=job, worker=worker, outcome="chosen",
        reason="next_in_queue", position=3,
    )  # fmt: skip
    claim = factories.WageClaimFactory(
        center=center,
        worker=worker,
        employer=employer,
        job=job,
        assignment=assignment,
        description=f"Claim description {tag}",
    )
    ClaimEvent.objects.create(
        claim=claim, kind="payment", amount=Decimal("40.00"), note=f"Paid {tag}"
    )
    ClaimEvent.objects.create(claim=claim, kind="call", note=f"Called {tag}")
    for direction, body in (("out", f"Oferta {tag}"), ("in", f"SI {tag}")):
        Message.objects.create(
            center=center, worker=worker, direction=direction, body=body,
            to_number=str(worker.phone), from_number=str(center.sms_number or ""),
        )  # fmt: skip
    OptOut.objects.create(
        center=center, phone=worker.phone, keyword="ALTO", source="reply", opted_out_at=now
    )
    Sanction.objects.create(
        center=center, worker=worker, kind="no_show", reason=f"Sanction {tag}",
        day=today - timedelta(days=1),
    )  # fmt: skip
    DuesPayment.objects.create(
        center=center, worker=worker, amount=Decimal("20.00"), period_from=today,
        period_to=today + timedelta(days=29), method="cash", paid_on=today, note=f"Dues {tag}",
    )  # fmt: skip
    worker.notes = f"Worker note {tag}"
    worker.save()


@pytest.fixture
def two_workers(center):
    ana = factories.WorkerFactory(center=center, full_name="Ana Exportada", phone="+19095550101")
    beto = factories.WorkerFactory(center=center, full_name="Beto Ajeno", phone="+19095550102")
    _everything(center, ana, tag="ANA")
    _everything(center, beto, tag="BETO")
    return ana, beto


def _export(client, user, worker, **headers):
    client.force_login(user)
    response = client.post(reverse("worker-export", args=[worker.pk]), **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.content.decode(), json.loads(response.content)


def test_a_worker_with_data_in_every_table_gets_all_of_it(client, center_admin, two_workers):
    ana, _beto = two_workers
    _text, data = _export(client, center_admin, ana)
    assert set(data["sections"]) == SECTIONS
    for key, section in data["sections"].items():
        assert section["rows"], f"{key} is empty"
    rows = {key: section["rows"] for key, section in data["sections"].items()}
    assert rows["person"][0]["notes"] == "Worker note ANA"
    assert rows["signins"][0]["position"] == 3
    assert rows["priority_flags"][0]["list"] == "List ANA"
    assert rows["offers"][0]["state"]["code"] == "accepted"
    worked = rows["assignments"][0]
    assert (worked["hours_worked"], worked["amount_paid"]) == ("6.0", "90.00")
    assert worked["job"]["description"] == "Job description ANA"
    assert worked["employers_comment"] == "Rating comment ANA"
    assert rows["dispatch_decisions"][0]["reason"]["code"] == "next_in_queue"
    claim = rows["wage_claims"][0]
    assert claim["description"] == "Claim description ANA"
    assert claim["payments"] == [
        {"at": claim["payments"][0]["at"], "amount": "40.00", "note": "Paid ANA"}
    ]
    assert {event["kind"]["code"] for event in claim["timeline"]} == {"payment", "call"}
    assert [m["body"] for m in rows["text_messages"]] == ["Oferta ANA", "SI ANA"]
    assert rows["sms_opt_outs"][0]["keyword"] == "ALTO"
    assert rows["sanctions"][0]["reason"] == "Sanction ANA"
    assert rows["privacy_events"][0]["action"]["code"] == "export"
    assert (rows["dues"][0]["amount"], rows["dues"][0]["note"]) == ("20.00", "Dues ANA")
    assert rows["activities"][0]["activity"] == "Training ANA"
    assert rows["certificates"][0]["training"]["code"] == "osha10"


def test_another_workers_data_never_appears(client, center_admin, two_workers):
    ana, beto = two_workers
    text, _data = _export(client, center_admin, ana)
    assert "BETO" not in text
    assert "Beto" not in text
    assert str(beto.phone) not in text


def test_the_employers_private_data_stays_out(client, center_admin, two_workers):
    ana, _beto = two_workers
    text, _data = _export(client, center_admin, ana)
    assert "Business ANA" in text  # who the worker worked for and claims against
    for private in ("Employer private note", "private-ANA@example.org", "+19095559999",
                    "Employer home address", "Contact ANA"):  # fmt: skip
        assert private not in text
    assert center_admin.username not in text  # staff are the center, not named


def test_the_export_is_for_the_workers_own_center(client, center, other_center, two_workers):
    ana, _beto = two_workers
    other_admin = factories.StaffFactory(center=other_center, role="center_admin").user
    client.force_login(other_admin)
    assert client.post(reverse("worker-export", args=[ana.pk])).status_code == 404
    coordinator = factories.StaffFactory(center=center, role="coordinator").user
    client.force_login(coordinator)
    assert client.post(reverse("worker-export", args=[ana.pk])).status_code == 403


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_export_reads_in_spanish_and_english_whatever_the_admins_language(
    client, center_admin, two_workers, language
):
    center_admin.language = language
    center_admin.save()
    ana, _beto = two_workers
    _text, data = _export(client, center_admin, ana)
    sections = data["sections"]
    assert sections["text_messages"]["title"] == {"es": "Mensajes de texto", "en": "Text messages"}
    assert sections["wage_claims"]["title"]["es"] == "Reclamos de salario y pagos"
    assert sections["signins"]["rows"][0]["state"] == {
        "code": "waiting", "es": "Esperando", "en": "Waiting",
    }  # fmt: skip
    assert set(data["about"]) == {"es", "en"}
