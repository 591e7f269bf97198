"""Membership dues: payments, the paid-through date, the grace period, the nightly expiry,
renewal reminders and what an expired member may do at sign-in (services)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from dispatch import lottery
from dispatch.errors import DispatchError
from dispatch.models import LotteryDraw, SignIn
from dispatch.services import morning
from sms import services as sms_services
from sms.models import Message, OptOut
from tests import factories
from workers import membership, tasks
from workers.membership import DuesError
from workers.models import DuesPayment, Worker

pytestmark = pytest.mark.django_db


def _pay(worker, start, end, amount="20.00", **extra):
    return membership.dues_payment_record(
        worker=worker,
        by=extra.pop("by", None),
        amount=Decimal(amount),
        period_from=start,
        period_to=end,
        method=extra.pop("method", "cash"),
        **extra,
    )


def _local(center, day: date, hour: int = 1) -> datetime:
    return center.local_datetime(day, time(hour, 0))


# --- payments and the paid-through date ------------------------------------------------


def test_paid_through_follows_the_latest_day_the_payments_cover(center, coordinator):
    worker = factories.WorkerFactory(center=center)
    _pay(worker, date(2026, 11, 1), date(2026, 11, 30), by=coordinator)
    _pay(worker, date(2026, 12, 1), date(2027, 2, 28), amount="60.00")
    worker.refresh_from_db()
    assert worker.dues_paid_through == date(2027, 2, 28)
    payment = DuesPayment.objects.get(period_to=date(2026, 11, 30))
    assert (payment.amount, payment.taken_by, payment.center) == (
        Decimal("20.00"),
        coordinator,
        center,
    )
    assert payment.history.count() == 1


@pytest.mark.parametrize(
    ("amount", "start", "end", "method", "field", "message"),
    [
        ("-5", date(2026, 1, 1), date(2026, 1, 31), "cash", "amount", "between $0 and"),
        ("20.005", date(2026, 1, 1), date(2026, 1, 31), "cash", "amount", "dollars and cents"),
        ("99999", date(2026, 1, 1), date(2026, 1, 31), "cash", "amount", "between $0 and"),
        ("20", date(2026, 2, 1), date(2026, 1, 31), "cash", "period_to", "on or after"),
        ("20", date(2020, 1, 1), date(2026, 1, 31), "cash", "period_to", "three years"),
        ("20", date(2026, 1, 1), date(2026, 1, 31), "bitcoin", "method", "Choose how"),
    ],
)
def test_a_bad_payment_is_refused_with_its_field_and_writes_nothing(
    center, amount, start, end, method, field, message
):
    worker = factories.WorkerFactory(center=center)
    with pytest.raises(DuesError, match=re.escape(message)) as error:
        _pay(worker, start, end, amount=amount, method=method)
    assert error.value.field == field
    assert not DuesPayment.objects.exists()
    worker.refresh_from_db()
    assert worker.dues_paid_through is None


def test_an_erased_worker_cannot_pay(center, center_admin):
    from workers import services

    worker = factories.WorkerFactory(center=center)
    services.worker_erase(worker=worker, by=center_admin)
    with pytest.raises(DuesError, match="erased"):
        _pay(worker, date(2026, 1, 1), date(2026, 1, 31))


def test_a_payment_that_covers_today_again_reactivates_an_expired_membership(center):
    today = center.today()
    worker = factories.WorkerFactory(center=center, status=Worker.Status.EXPIRED)
    _pay(worker, today, today + timedelta(days=30))
    worker.refresh_from_db()
    assert worker.status == Worker.Status.ACTIVE


def test_a_payment_for_a_past_period_leaves_an_expired_membership_expired(center):
    today = center.today()
    worker = factories.WorkerFactory(center=center, status=Worker.Status.EXPIRED)
    _pay(worker, today - timedelta(days=120), today - timedelta(days=90))
    worker.refresh_from_db()
    assert worker.status == Worker.Status.EXPIRED


def test_the_next_period_starts_after_the_paid_one_or_today_after_a_long_absence(center):
    today = center.today()
    worker = factories.WorkerFactory(center=center)
    assert membership.next_period_start(worker, today=today) == today
    _pay(worker, today - timedelta(days=10), today + timedelta(days=5))
    worker.refresh_from_db()
    assert membership.next_period_start(worker, today=today) == today + timedelta(days=6)
    later = today + timedelta(days=200)
    assert membership.next_period_start(worker, today=later) == later


# --- the grace period and the nightly expiry -----------------------------------------------


@pytest.mark.parametrize(
    ("days_after", "lapsed"), [(0, False), (1, False), (30, False), (31, True), (90, True)]
)
def test_a_membership_lapses_only_after_the_whole_grace(days_after, lapsed):
    paid = date(2026, 6, 30)
    today = paid + timedelta(days=days_after)
    assert membership.membership_lapsed(paid_through=paid, grace_days=30, today=today) is lapsed


def test_no_payment_never_lapses():
    assert not membership.membership_lapsed(paid_through=None, grace_days=0, today=date.today())


def test_the_nightly_run_expires_past_the_grace_by_the_centers_local_date(center):
    center.membership_grace_days = 10
    center.save()
    today = date(2026, 12, 1)
    last_grace_day = factories.WorkerFactory(center=center, dues_paid_through=date(2026, 11, 21))
    past_grace = factories.WorkerFactory(center=center, dues_paid_through=date(2026, 11, 20))
    never_paid = factories.WorkerFactory(center=center, dues_paid_through=None)
    sanctioned = factories.WorkerFactory(
        center=center, dues_paid_through=date(2026, 1, 1), status=Worker.Status.SANCTIONED
    )
    assert membership.memberships_expire(now=_local(center, today, hour=0)) == 1
    statuses = {w.pk: w.status for w in Worker.objects.filter(center=center).only("pk", "status")}
    assert statuses[past_grace.pk] == Worker.Status.EXPIRED
    assert statuses[last_grace_day.pk] == Worker.Status.ACTIVE
    assert statuses[never_paid.pk] == Worker.Status.ACTIVE
    assert statuses[sanctioned.pk] == Worker.Status.SANCTIONED  # the desk's call, not dues'


def test_expiry_waits_for_midnight_in_the_centers_time_zone(center, other_center):
    """At 05:30 UTC on Dec 2 it is already Dec 2 in New York but still Dec 1 in Pomona."""
    other_center.timezone = "America/New_York"
    other_center.save()
    for c in (center, other_center):
        c.membership_grace_days = 0
        c.save()
    pomona = factories.WorkerFactory(center=center, dues_paid_through=date(2026, 12, 1))
    new_york = factories.WorkerFactory(center=other_center, dues_paid_through=date(2026, 12, 1))
    moment = datetime(2026, 12, 2, 5, 30, tzinfo=UTC)
    assert membership.memberships_expire(now=moment) == 1
    pomona.refresh_from_db()
    new_york.refresh_from_db()
    assert (pomona.status, new_york.status) == (Worker.Status.ACTIVE, Worker.Status.EXPIRED)
    assert membership.memberships_expire(now=datetime(2026, 12, 2, 8, 30, tzinfo=UTC)) == 1
    pomona.refresh_from_db()
    assert pomona.status == Worker.Status.EXPIRED


def test_the_nightly_task_run_twice_expires_once_and_reminds_once(center, settings):
    center.membership_grace_days = 5
    center.save()
    today = center.today()
    lapsed = factories.WorkerFactory(center=center, dues_paid_through=today - timedelta(days=6))
    due = factories.WorkerFactory(center=center, dues_paid_through=today + timedelta(days=7))
    assert tasks.membership_nightly() == 1
    assert tasks.membership_nightly() == 0
    lapsed.refresh_from_db()
    assert lapsed.status == Worker.Status.EXPIRED
    # The reminders part (the task enqueues it by name; eager here) at a daytime hour:
    noon = _local(center, today, hour=12)
    assert sms_services.dues_reminders_send(now=noon) == 1
    assert sms_services.dues_reminders_send(now=noon) == 0
    assert Message.objects.filter(worker=due, kind="dues_reminder").count() == 1


# --- renewal reminders -----------------------------------------------------------------


def test_the_reminder_goes_a_week_before_in_the_workers_language_as_informational(center):
    today = center.today()
    es = factories.WorkerFactory(
        center=center, preferred_language="es", dues_paid_through=today + timedelta(days=7)
    )
    en = factories.WorkerFactory(
        center=center, preferred_language="en", dues_paid_through=today + timedelta(days=3)
    )
    factories.WorkerFactory(center=center, dues_paid_through=today + timedelta(days=8))
    factories.WorkerFactory(center=center, dues_paid_through=today - timedelta(days=1))
    sent = sms_services.dues_reminders_send(now=_local(center, today, hour=10))
    assert sent == 2
    spanish = Message.objects.get(worker=es)
    english = Message.objects.get(worker=en)
    assert "membresia esta pagada hasta" in spanish.body
    assert "membership is paid through" in english.body
    assert spanish.priority == english.priority == 1  # informational
    assert spanish.segments == english.segments == 1


def test_no_reminder_at_night(center):
    today = center.today()
    factories.WorkerFactory(center=center, dues_paid_through=today + timedelta(days=5))
    assert sms_services.dues_reminders_send(now=_local(center, today, hour=2)) == 0
    assert not Message.objects.exists()


def test_the_reminder_respects_opt_out_and_missing_consent(center):
    today = center.today()
    paid = today + timedelta(days=5)
    opted_out = factories.WorkerFactory(
        center=center, dues_paid_through=paid, sms_opted_out_at=center.local_now()
    )
    no_consent = factories.WorkerFactory(center=center, dues_paid_through=paid, sms_consent_at=None)
    number_stopped = factories.WorkerFactory(center=center, dues_paid_through=paid)
    OptOut.objects.create(
        center=center,
        phone=str(number_stopped.phone),
        keyword="STOP",
        source="reply",
        opted_out_at=center.local_now(),
    )
    assert sms_services.dues_reminders_send(now=_local(center, today, hour=10)) == 0
    assert not Message.objects.filter(worker__in=[opted_out, no_consent, number_stopped]).exists()


def test_a_new_period_gets_its_own_reminder(center):
    today = center.today()
    worker = factories.WorkerFactory(center=center, dues_paid_through=today + timedelta(days=2))
    noon = _local(center, today, hour=12)
    assert sms_services.dues_reminders_send(now=noon) == 1
    _pay(worker, today + timedelta(days=3), today + timedelta(days=4))
    assert sms_services.dues_reminders_send(now=noon) == 1
    assert Message.objects.filter(worker=worker, kind="dues_reminder").count() == 2


# --- what an expired member may do at sign-in ------------------------------------------


@pytest.fixture
def expired(center):
    center.signin_opens, center.lottery_cutoff = time(0, 0), time(23, 59)
    center.save()
    return factories.WorkerFactory(
        center=center,
        known_as="Beto",
        status=Worker.Status.EXPIRED,
        dues_paid_through=date(2026, 10, 31),
    )


def test_refuse_policy_says_why_at_sign_in(center, expired):
    center.expired_member_policy = "refuse"
    center.save()
    with pytest.raises(
        DispatchError, match=r"Beto cannot sign in: the membership expired \(dues paid through"
    ):
        morning.signin_create(center=center, badge=expired.badge)
    assert not SignIn.objects.exists()


def test_refuse_policy_answers_in_spanish_at_the_desk(client, center, expired, coordinator):
    coordinator.language = "es"
    coordinator.save()
    client.force_login(coordinator)
    page = client.post("/desk/signin/", {"q": str(expired.badge)}, HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert "Beto no puede registrarse: la membresía venció" in text
    assert "31 de octubre de 2026" in text


def test_sign_in_policy_signs_in_like_any_member(center, expired):
    center.expired_member_policy = "sign_in"
    center.save()
    signin = morning.signin_create(center=center, badge=expired.badge)
    assert signin.worker_id == expired.pk
    inputs, _ids = morning.lottery_inputs(
        center=center, day=signin.date, until=center.local_datetime(signin.date, time(23, 59))
    )
    assert [e.lower_tier for e in inputs.entries] == [False]


def test_lower_tier_policy_draws_expired_members_after_those_in_good_standing(center, expired):
    center.expired_member_policy = "lower_tier"
    center.save()
    good = factories.WorkerFactory.create_batch(6, center=center)
    morning.signin_create(center=center, badge=expired.badge)
    for worker in good:
        morning.signin_create(center=center, badge=worker.badge)
    draw = morning.lottery_draw(center=center, notify=False)
    order = list(
        SignIn.objects.filter(center=center)
        .order_by("position")
        .values_list("worker_id", flat=True)
    )
    assert order[-1] == expired.pk
    stored = LotteryDraw.objects.get(pk=draw.pk)
    # The published inputs say who was in the lower tier, and the order re-computes.
    entry = next(e for e in stored.inputs["entries"] if e["badge"] == expired.badge)
    assert entry["lower_tier"] is True
    inputs = lottery.Inputs.from_dict(stored.inputs)
    assert lottery.draw(stored.revealed_seed, inputs) == stored.order


def test_lower_tier_keeps_the_modes_order_inside_each_tier():
    entries = [lottery.Entry(badge=b, lower_tier=b % 2 == 0) for b in range(1, 21)]
    plain = lottery.draw(
        "ab" * 32,
        lottery.Inputs(mode="uniform", entries=[lottery.Entry(badge=e.badge) for e in entries]),
    )
    tiered = lottery.draw("ab" * 32, lottery.Inputs(mode="uniform", entries=entries))
    assert tiered == [b for b in plain if b % 2] + [b for b in plain if b % 2 == 0]


def test_an_entry_without_the_lower_tier_keeps_its_published_form():
    assert "lower_tier" not in lottery.Entry(badge=7).as_dict()
    assert lottery.Entry(**lottery.Entry(badge=7, lower_tier=True).as_dict()).lower_tier


def test_deleting_a_mistaken_payment_moves_paid_through_back(center, center_admin):
    worker = factories.WorkerFactory(center=center)
    _pay(worker, date(2026, 11, 1), date(2026, 11, 30))
    wrong = _pay(worker, date(2026, 12, 1), date(2029, 11, 30), amount="2000.00")
    wrong_id = wrong.pk
    membership.dues_payment_delete(payment=wrong, by=center_admin)
    worker.refresh_from_db()
    assert worker.dues_paid_through == date(2026, 11, 30)
    gone = DuesPayment.history.filter(id=wrong_id, history_type="-").get()
    assert gone.history_user == center_admin


def test_erasure_blanks_the_notes_of_dues_payments_and_their_history(center, center_admin):
    from workers import services

    worker = factories.WorkerFactory(center=center)
    _pay(worker, date(2026, 11, 1), date(2026, 11, 30), note="Paid by her brother Tomás")
    services.worker_erase(worker=worker, by=center_admin)
    assert list(DuesPayment.objects.values_list("note", flat=True)) == [""]
    assert set(DuesPayment.history.values_list("note", flat=True)) == {""}
    assert DuesPayment.objects.get().amount == Decimal("20.00")  # the figures stay
