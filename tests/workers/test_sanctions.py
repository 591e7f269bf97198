from __future__ import annotations

from datetime import time, timedelta

import pytest

from dispatch.errors import DispatchError
from dispatch.services.morning import signin_create
from tests import factories
from workers.models import Sanction, Worker
from workers.sanctions import SanctionError, sanction_record, suspension_lift

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(center):
    center.strike_limit = 3
    center.strike_window_days = 30
    center.suspension_days = 7
    center.save()
    return factories.WorkerFactory(center=center)


def _strike(worker, day, kind=Sanction.Kind.NO_SHOW, by=None):
    return sanction_record(worker=worker, kind=kind, reason="Did not come", day=day, by=by)


def test_strikes_below_the_limit_do_not_suspend(worker, center):
    today = center.today()
    _strike(worker, today - timedelta(days=2))
    _strike(worker, today)
    worker.refresh_from_db()
    assert worker.suspended_until is None
    assert worker.status == Worker.Status.ACTIVE
    assert worker.signin_refusal(today) is None


def test_the_nth_strike_within_the_window_suspends_for_the_centers_days(worker, center):
    today = center.today()
    _strike(worker, today - timedelta(days=20))
    _strike(worker, today - timedelta(days=5), kind=Sanction.Kind.MISCONDUCT)
    third = _strike(worker, today)
    worker.refresh_from_db()
    assert third.suspended_until == today + timedelta(days=7)
    assert worker.suspended_until == today + timedelta(days=7)
    assert worker.status == Worker.Status.SANCTIONED
    assert "3 strikes in 30 days" in worker.suspension_reason


def test_strikes_outside_the_window_do_not_count(worker, center):
    today = center.today()
    _strike(worker, today - timedelta(days=30))
    _strike(worker, today - timedelta(days=1))
    _strike(worker, today)
    worker.refresh_from_db()
    assert worker.suspended_until is None


def test_strikes_that_already_suspended_are_not_counted_again(worker, center):
    today = center.today()
    for _ in range(3):
        _strike(worker, today)
    suspension_lift(worker=worker, reason="Talked it through")
    _strike(worker, today)
    worker.refresh_from_db()
    assert worker.suspended_until is None


def test_a_suspended_worker_cannot_sign_in_and_lifting_restores_them(worker, center, coordinator):
    today = center.today()
    for _ in range(3):
        _strike(worker, today, by=coordinator)
    worker.refresh_from_db()
    assert worker.signin_refusal(today + timedelta(days=1))
    assert worker.signin_refusal(today + timedelta(days=7))
    assert worker.signin_refusal(today + timedelta(days=8)) is None

    suspension_lift(worker=worker, reason="Family emergency, excused", by=coordinator)

    worker.refresh_from_db()
    assert worker.signin_refusal(today) is None
    assert worker.status == Worker.Status.ACTIVE
    lifted = Sanction.objects.get(worker=worker, suspended_until__isnull=False)
    assert lifted.lift_reason == "Family emergency, excused"
    assert lifted.lifted_by == coordinator
    assert lifted.history.first().history_user == coordinator


def test_lifting_needs_a_reason_and_a_suspension(worker, center):
    with pytest.raises(SanctionError):
        suspension_lift(worker=worker, reason="nothing to lift")
    sanction_record(worker=worker, kind="misconduct", reason="Fight", suspend_days=14)
    with pytest.raises(SanctionError):
        suspension_lift(worker=worker, reason="  ")


def test_serious_misconduct_suspends_at_once(worker, center):
    sanction = sanction_record(worker=worker, kind="misconduct", reason="Fight", suspend_days=14)
    worker.refresh_from_db()
    assert sanction.suspended_until == center.today() + timedelta(days=14)
    assert worker.signin_refusal(center.today())


def test_a_sanction_needs_a_reason_and_a_known_kind(worker):
    with pytest.raises(SanctionError):
        sanction_record(worker=worker, kind="no_show", reason="")
    with pytest.raises(SanctionError):
        sanction_record(worker=worker, kind="late", reason="Late")
    assert not Sanction.objects.exists()


def test_every_sanction_change_is_in_the_audit_history(worker, center, coordinator):
    for _ in range(3):
        _strike(worker, center.today(), by=coordinator)
    suspension_lift(worker=worker, reason="Excused", by=coordinator)
    history = Sanction.history.filter(worker_id=worker.pk)
    assert history.filter(history_type="+").count() == 3
    assert history.filter(history_type="~").count() == 2  # suspended, then lifted
    assert set(history.values_list("history_user", flat=True)) == {coordinator.pk}


def test_a_suspended_worker_is_refused_at_the_desk_sign_in_until_lifted(worker, center):
    for _ in range(3):
        _strike(worker, center.today())
    eight = center.local_datetime(center.today(), time(8, 0))
    with pytest.raises(DispatchError) as refused:
        signin_create(center=center, badge=worker.badge, now=eight)
    assert refused.value.code == "signin_refused"
    assert "suspension until" in str(refused.value)

    suspension_lift(worker=worker, reason="Excused by the committee")

    assert signin_create(center=center, badge=worker.badge, now=eight).worker == worker
