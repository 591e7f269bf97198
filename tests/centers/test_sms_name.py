"""The center's short SMS name in the admin: shown, saved, round-tripped, in both languages."""

from __future__ import annotations

import re

import pytest
from django.forms.models import model_to_dict

from centers.models import Center
from tests import factories

pytestmark = pytest.mark.django_db

LABEL = {"es": "Nombre corto para SMS", "en": "Short SMS name"}


def _form_data(center: Center, **changes: object) -> dict[str, object]:
    data = {
        key: ("" if value is None else str(value))
        for key, value in model_to_dict(center).items()
        if key not in {"id"}
    }
    data["one_job_per_day"] = "on" if center.one_job_per_day else ""
    data["allow_employer_requests"] = "on" if center.allow_employer_requests else ""
    data["block_employers_with_open_claims"] = (
        "on" if center.block_employers_with_open_claims else ""
    )
    data = {k: v for k, v in data.items() if v != ""} | {
        "sms_name": center.sms_name,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    return data | {key: str(value) for key, value in changes.items()}


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_network_admin_sets_the_short_sms_name_and_the_form_round_trips(client, language):
    center = factories.CenterFactory(
        slug="peoc", name="Pomona Economic Opportunity Center", phone="+19095550100"
    )
    admin = factories.UserFactory(is_superuser=True, is_staff=True, language=language)
    client.force_login(admin)
    url = f"/admin/centers/center/{center.pk}/change/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert LABEL[language] in page
    assert re.search(r'name="sms_name"[^>]*maxlength="20"', page)

    before = model_to_dict(Center.objects.get(pk=center.pk))
    response = client.post(url, _form_data(center), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert model_to_dict(Center.objects.get(pk=center.pk)) == before  # unchanged

    response = client.post(
        url, _form_data(center, sms_name="PEOC Pomona"), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert center.sms_name == "PEOC Pomona"
    assert center.sms_sender_name() == "PEOC Pomona"

    too_long = client.post(
        url, _form_data(center, sms_name="x" * 21), HTTP_ACCEPT_LANGUAGE=language
    )
    assert too_long.status_code == 200  # the form again, with the error
    center.refresh_from_db()
    assert center.sms_name == "PEOC Pomona"
