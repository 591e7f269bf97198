from __future__ import annotations

from datetime import time, timedelta

from centers.queue import stats_touch
from dispatch.models import SignIn
from reports.models import DailyStats, WorkerMonth
from reports.selectors import report_summary
from reports.stats import stats_refresh
from reports.tasks import stats_rollup
from tests import factories
from tests.reports import data


def test_a_write_that_touches_stats_shows_in_todays_report_once_committed(
    center, django_capture_on_commit_callbacks
):
    today = center.today()
    worker = factories.WorkerFactory(center=center)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        data.signin(center, worker, today)
        stats_touch(center_id=center.pk, day=today)
        assert not DailyStats.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1  # the refresh task, enqueued on commit
    report = report_summary(center=center, start=today, end=today)
    assert report.totals["signins"] == 1
    assert report.totals["unique_workers"] == 1


def test_refresh_recomputes_instead_of_adding_up(center):
    today = center.today()
    worker = factories.WorkerFactory(center=center)
    signin = data.signin(center, worker, today)
    stats_refresh(center_id=center.pk, day=today)
    stats_refresh(center_id=center.pk, day=today)
    assert DailyStats.objects.get(center=center, date=today).signins == 1
    signin.delete()
    stats_refresh(center_id=center.pk, day=today)
    assert DailyStats.objects.get(center=center, date=today).signins == 0
    assert not WorkerMonth.objects.exists()


def test_the_nightly_rollup_repairs_yesterday_and_today_of_every_center(center, other_center):
    for c in (center, other_center):
        worker = factories.WorkerFactory(center=c)
        for day in (c.today() - timedelta(days=1), c.today()):
            data.signin(c, worker, day)
    assert stats_rollup.delay().get() == 2
    assert DailyStats.objects.filter(signins=1).count() == 4
    assert SignIn.objects.count() == 4


def test_signing_in_and_dispatching_refresh_todays_report(
    center, django_capture_on_commit_callbacks
):
    from dispatch.services.morning import assignment_create, signin_create

    center.signin_opens = time(0, 0)
    center.save()
    worker = factories.WorkerFactory(center=center)
    today = center.today()
    with django_capture_on_commit_callbacks(execute=True):
        signin_create(center=center, worker=worker)
    assert report_summary(center=center, start=today, end=today).totals["signins"] == 1
    job = data.job(center, data.employer(center), today)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(job=job, worker=worker, how="walk_in")
    totals = report_summary(center=center, start=today, end=today).totals
    assert (totals["placements"], totals["dispatched"], totals["workers_placed"]) == (1, 1, 1)


def test_a_sign_in_still_succeeds_when_the_broker_is_down(
    center, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from kombu.exceptions import OperationalError

    from dispatch.services.morning import signin_create
    from reports import tasks

    def broker_down(*args, **options):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.stats_refresh, "apply_async", broker_down)
    center.signin_opens = time(0, 0)
    center.save()
    worker = factories.WorkerFactory(center=center)
    with django_capture_on_commit_callbacks(execute=True):
        signin_create(center=center, worker=worker)
    assert SignIn.objects.filter(worker=worker, date=center.today()).exists()
    assert "the nightly rollup will" in caplog.text
