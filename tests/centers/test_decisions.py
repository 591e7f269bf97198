"""Assembly decisions: the vote and the effective date, the setting changing on its day by
itself, the audit history naming the decision, the floor history by date, the pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from centers.models import AssemblyDecision, Center
from centers.selectors import wage_floor_on
from centers.services import SettingsError, decision_record, decisions_apply_due
from centers.tasks import decisions_apply_due as decisions_task
from tests import factories

pytestmark = pytest.mark.django_db


def decide(center, setting="wage_floor", value="22.50", *, effective=None, votes=(30, 4, 2)):
    today = center.today()
    return decision_record(
        center=center,
        by=None,
        setting=setting,
        value=value,
        votes_for=votes[0],
        votes_against=votes[1],
        votes_abstain=votes[2],
        assembly_date=today,
        effective_date=effective or today + timedelta(days=7),
    )


def at_local(center, day, hour, minute=0):
    """A moment given as the center's local wall-clock time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=center.tz)


def test_a_decision_waits_for_its_date_then_changes_the_setting_by_itself(center, monkeypatch):
    decision = decide(center, "lottery_mode", "tiered", effective=center.today() + timedelta(1))
    assert decision.applied_at is None
    assert decisions_apply_due() == 0
    center.refresh_from_db()
    assert center.lottery_mode == "uniform"

    tomorrow = center.today() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: at_local(center, tomorrow, 0, 5))
    assert decisions_task() == 1
    center.refresh_from_db()
    assert center.lottery_mode == "tiered"
    assert decisions_apply_due() == 0, "applying twice changes nothing"
    assert AssemblyDecision.objects.get().applied_at is not None


def test_the_effective_date_is_the_centers_local_date_not_utc(db, monkeypatch):
    hawaii = factories.CenterFactory(slug="hilo", timezone="Pacific/Honolulu")
    day = hawaii.today() + timedelta(days=1)
    decide(hawaii, "offer_timeout_minutes", "15", effective=day)
    # 23:30 the evening before in Hilo is already the effective day in UTC: not yet.
    monkeypatch.setattr(timezone, "now", lambda: at_local(hawaii, day - timedelta(1), 23, 30))
    assert timezone.now().astimezone(ZoneInfo("UTC")).date() == day
    assert decisions_apply_due() == 0
    monkeypatch.setattr(timezone, "now", lambda: at_local(hawaii, day, 0, 1))
    assert decisions_apply_due() == 1
    hawaii.refresh_from_db()
    assert hawaii.offer_timeout_minutes == 15


def test_the_audit_history_says_which_assembly_changed_the_setting(center):
    decide(center, "dues_amount", "15", effective=center.today(), votes=(21, 3, 1))
    center.refresh_from_db()
    assert center.dues_amount == Decimal("15.00")
    latest = center.history.latest()
    assert latest.history_change_reason == (
        f"Assembly of {center.today().isoformat()}: 21 for, 3 against, 1 abstain"
    )


def test_the_audit_page_shows_the_decision_as_the_reason(client, center, center_admin):
    decide(center, "offer_timeout_minutes", "20", effective=center.today(), votes=(12, 2, 0))
    client.force_login(center_admin)
    page = client.get(f"/audit/?kind=center&id={center.pk}").content.decode()
    assert "12 for, 2 against, 0 abstain" in page


def test_a_vote_that_did_not_pass_changes_nothing(center):
    with pytest.raises(SettingsError, match="did not pass") as info:
        decide(center, votes=(10, 10, 5))
    assert info.value.field == "votes_for"
    assert not AssemblyDecision.objects.exists()


@pytest.mark.parametrize(
    ("setting", "value", "field", "message"),
    [
        ("wage_floor", "0", "value", "more than $0"),
        ("wage_floor", "lots", "value", "amount in dollars"),
        ("lottery_mode", "coin-toss", "value", "Unknown lottery mode"),
        ("offer_timeout_minutes", "600", "value", "between 2 and 120"),
        ("dues_amount", "-5", "value", "between $0"),
        ("sms_name", "x", "setting", "Choose the setting"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(center, setting, value, field, message):
    with pytest.raises(SettingsError) as info:
        decide(center, setting, value)
    assert message in str(info.value.message)
    assert info.value.field == field
    assert not AssemblyDecision.objects.exists()


def test_a_decision_cannot_take_effect_in_the_past(center):
    with pytest.raises(SettingsError) as info:
        decide(center, effective=center.today() - timedelta(days=1))
    assert info.value.field == "effective_date"


def test_the_floor_in_force_follows_the_date_of_each_day(center):
    today = center.today()
    decide(center, "wage_floor", "24", effective=today + timedelta(days=10))
    assert wage_floor_on(center=center, day=today - timedelta(days=400)) == Decimal("20.00")
    assert wage_floor_on(center=center, day=today + timedelta(days=9)) == Decimal("20.00")
    assert wage_floor_on(center=center, day=today + timedelta(days=10)) == Decimal("24.00")
    center.refresh_from_db()
    assert center.wage_floor == Decimal("20.00"), "the current floor changes on its date"


def test_a_change_on_the_settings_page_keeps_the_earlier_floor_for_earlier_days(center):
    from centers.services import center_settings_update

    center_settings_update(center=center, by=None, wage_floor=Decimal("21.00"))
    center = Center.objects.get(pk=center.pk)
    assert wage_floor_on(center=center, day=center.today()) == Decimal("21.00")
    assert wage_floor_on(center=center, day=center.today() - timedelta(1)) == Decimal("20.00")
    assert wage_floor_on(center=center, day=date(2001, 1, 1)) == Decimal("20.00")


# --- the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "button", "saved"),
    [("en", "Record the decision", "the setting changes on"), ("es", "Registrar", "cambia el")],
)
def test_a_center_admin_records_a_decision_on_the_page(
    client, center, center_admin, language, button, saved
):
    client.force_login(center_admin)
    client.cookies["django_language"] = language
    url = "/center/decisions/new/?setting=wage_floor"
    page = client.get(url)
    assert page.status_code == 200
    assert button in page.content.decode()
    effective = center.today() + timedelta(days=14)
    response = client.post(
        url,
        {
            "value": "23.00",
            "votes_for": "40",
            "votes_against": "5",
            "votes_abstain": "3",
            "assembly_date": center.today().isoformat(),
            "effective_date": effective.isoformat(),
            "note": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert saved in html
    assert "40 / 5 / 3" in html
    decision = AssemblyDecision.objects.get()
    assert (decision.value, decision.effective_date) == ("23.00", effective)
    assert wage_floor_on(center=center, day=effective) == Decimal("23.00")


@pytest.mark.parametrize(("language", "message"), [("en", "did not pass"), ("es", "no se aprobó")])
def test_a_failed_vote_is_a_400_in_the_users_language(
    client, center, center_admin, language, message
):
    client.force_login(center_admin)
    client.cookies["django_language"] = language
    response = client.post(
        "/center/decisions/new/?setting=lottery_mode",
        {
            "value": "deficit",
            "votes_for": "3",
            "votes_against": "9",
            "votes_abstain": "0",
            "assembly_date": center.today().isoformat(),
            "effective_date": center.today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AssemblyDecision.objects.exists()


def test_the_lottery_mode_form_is_one_click_from_the_replay_of_modes(client, center, center_admin):
    client.force_login(center_admin)
    html = client.get("/center/decisions/new/?setting=lottery_mode").content.decode()
    assert 'id="compare-modes-link"' in html
    start = (center.today() - timedelta(days=90)).isoformat()
    href = f"/reports/fairness/?start={start}&amp;end={center.today().isoformat()}#simulation"
    assert href in html
    replay = client.get(href.replace("&amp;", "&").split("#")[0])
    assert replay.status_code == 200
    wage_form = client.get("/center/decisions/new/?setting=wage_floor").content.decode()
    assert "compare-modes-link" not in wage_form


def test_an_unknown_setting_is_a_404(client, center, center_admin):
    client.force_login(center_admin)
    assert client.get("/center/decisions/new/?setting=strike_limit").status_code == 404


def test_decisions_are_for_center_admins_of_their_own_center(
    client, center, other_center, coordinator
):
    decide(other_center, "dues_amount", "99.00")
    other_admin = factories.StaffFactory(center=center, role="center_admin").user
    client.force_login(other_admin)
    page = client.get("/center/decisions/").content.decode()
    assert "99.00" not in page
    client.force_login(coordinator)
    assert client.get("/center/decisions/").status_code == 403
    assert client.get("/center/decisions/new/?setting=wage_floor").status_code == 403
