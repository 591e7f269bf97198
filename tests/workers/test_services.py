from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from dispatch.models import SignIn
from tests import factories
from workers.errors import RegistryConflict, RegistryError
from workers.models import PrivacyEvent, Worker
from workers.services import (
    worker_create,
    worker_delete,
    worker_erase,
    worker_export,
    worker_update,
)

pytestmark = pytest.mark.django_db


def register(center, by=None, **fields):
    fields.setdefault("full_name", "José Núñez")
    return worker_create(center=center, by=by, **fields)


def test_badges_are_numbered_per_center(center, other_center):
    assert [register(center).badge for _ in range(3)] == [1, 2, 3]
    assert register(other_center).badge == 1


def test_a_chosen_badge_is_kept_and_a_taken_one_refused(center):
    assert register(center, badge=40).badge == 40
    assert register(center).badge == 41
    with pytest.raises(RegistryError, match="Badge 40"):
        register(center, badge=40)


def test_phone_is_normalized_to_e164_with_the_us_by_default(center):
    worker = register(center, phone="(909) 555-0123")
    assert str(worker.phone) == "+19095550123"
    assert str(register(center, phone="+52 55 1234 5678").phone) == "+525512345678"


def test_an_invalid_phone_is_refused_with_a_clear_message(center):
    with pytest.raises(RegistryError, match="not a valid phone number") as info:
        register(center, phone="12345")
    assert info.value.field == "phone"
    assert not Worker.objects.exists()


def test_a_duplicate_phone_names_the_other_workers_badge(center, other_center):
    first = register(center, phone="909-555-0123", known_as="Pepe")
    with pytest.raises(RegistryError, match=f"#{first.badge} \\(Pepe\\)"):
        register(center, phone="+1 909 555 0123")
    assert register(other_center, phone="9095550123").phone == first.phone


def test_a_worker_keeps_their_own_phone_when_edited(center):
    worker = register(center, phone="9095550123")
    worker_update(worker=worker, by=None, phone="909 555 0123", notes="ok")
    worker.refresh_from_db()
    assert worker.notes == "ok"


def test_an_unknown_skill_is_refused_and_nothing_is_written(center):
    with pytest.raises(RegistryError, match="Unknown skill: welding-underwater"):
        register(center, skills=["painting", "welding-underwater"])
    assert not Worker.objects.exists()


def test_skills_come_from_the_seeded_catalog(center):
    worker = register(center, skills=["painting", "roofing", "drivers_license"])
    assert sorted(worker.skills.values_list("code", flat=True)) == [
        "drivers_license",
        "painting",
        "roofing",
    ]


def test_known_as_defaults_to_the_first_name(center):
    assert register(center, full_name="María Guadalupe Peña").known_as == "María"


def test_consent_records_when_how_language_and_who(center, coordinator):
    worker = register(
        center, by=coordinator, phone="9095550123", preferred_language="en", sms_consent=True,
        sms_consent_method=Worker.ConsentMethod.FORM,
    )  # fmt: skip
    assert worker.sms_consent_at is not None
    assert worker.sms_consent_method == "form"
    assert worker.sms_consent_language == "en"
    assert worker.sms_consent_by == coordinator
    assert worker.sms_reachable
    worker_update(worker=worker, by=coordinator, sms_consent=False)
    worker.refresh_from_db()
    assert worker.sms_consent_at is None
    assert not worker.sms_reachable


def test_a_suspension_needs_a_reason(center):
    with pytest.raises(RegistryError, match="why"):
        register(center, suspended_until=date(2030, 1, 1))
    worker = register(center, suspended_until=date(2030, 1, 1), suspension_reason="Misconduct")
    assert worker.is_suspended_on(date(2029, 12, 31))


def test_search_text_folds_badge_name_and_phone(center):
    worker = register(center, full_name="Ramón Núñez", known_as="Moncho", phone="9095550123")
    assert worker.search_text == f"{worker.badge} ramon nunez moncho 19095550123 9095550123"


def test_export_gives_everything_and_is_logged(center, center_admin):
    worker = register(center, phone="9095550123", skills=["roofing"], notes="Good roofer")
    data = worker_export(worker=worker, by=center_admin)
    person = data["sections"]["person"]["rows"][0]
    assert person["full_name"] == "José Núñez"
    assert person["phone"] == "+19095550123"
    assert [skill["code"] for skill in person["skills"]] == ["roofing"]
    assert person["notes"] == "Good roofer"
    event = PrivacyEvent.objects.get()
    assert (event.action, event.by, event.worker) == ("export", center_admin, worker)


def test_erasing_removes_personal_data_but_keeps_the_row(center, center_admin):
    worker = register(
        center, phone="9095550123", notes="Lives near the park", sms_consent=True,
        other_languages="Mixteco",
    )  # fmt: skip
    factories.JobFactory(center=center)
    worker_erase(worker=worker, by=center_admin)
    worker.refresh_from_db()
    assert (worker.full_name, worker.known_as, str(worker.phone), worker.notes) == ("", "", "", "")
    assert worker.sms_consent_at is None
    assert worker.other_languages == ""
    assert worker.erased_at is not None
    assert worker.status == "inactive"
    assert worker.search_text == str(worker.badge)
    assert PrivacyEvent.objects.filter(worker=worker, action="erase", by=center_admin).exists()
    with pytest.raises(RegistryError):
        worker_update(worker=worker, by=center_admin, notes="again")


def test_a_worker_registered_by_mistake_can_be_deleted(center):
    worker_delete(worker=register(center))
    assert not Worker.objects.exists()


def test_a_worker_with_sign_ins_cannot_be_deleted(center):
    worker = register(center)
    SignIn.objects.create(
        center=center, date=center.today(), worker=worker, signed_in_at=timezone.now()
    )
    with pytest.raises(RegistryConflict, match="history"):
        worker_delete(worker=worker)
    assert Worker.objects.filter(pk=worker.pk).exists()
