from __future__ import annotations

from datetime import time, timedelta

import pytest

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


# --- coalesced refresh: one per center-day per window, the rows exact after it ----------


def summary_rows():
    """Every summary row of the report, as values (what the board report reads)."""
    from reports.models import EmployerMonth, EmployerYear, NetworkDailyStats, WorkerYear

    skip = {"id", "updated_at"}
    return {
        model.__name__: sorted(
            tuple(sorted((k, v) for k, v in row.items() if k not in skip))
            for row in model.objects.values()
        )
        for model in (
            DailyStats, NetworkDailyStats, WorkerMonth, WorkerYear, EmployerMonth, EmployerYear
        )
    }  # fmt: skip


@pytest.fixture
def coalescing(settings, monkeypatch):
    """Refreshes coalesced in the real Redis; the delayed task is held, as the broker
    would hold it, until the test runs it."""
    import redis

    from reports import tasks
    from tests.conftest import REDIS_URL

    settings.STATS_REDIS_URL = REDIS_URL
    settings.STATS_REFRESH_COALESCE_SECONDS = 60
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter("stats:pending:*"):
        store.delete(key)
    held = []
    monkeypatch.setattr(
        tasks.stats_refresh, "apply_async", lambda args, **options: held.append((args, options))
    )
    return held


@pytest.mark.redis
def test_sign_ins_within_the_window_refresh_once_and_the_report_equals_a_full_rebuild(
    center, coalescing, django_capture_on_commit_callbacks
):
    from dispatch.services.morning import assignment_create, signin_create
    from reports import tasks
    from reports.models import EmployerMonth, EmployerYear, NetworkDailyStats, WorkerYear
    from reports.stats import stats_rebuild

    center.signin_opens = time(0, 0)
    center.save()
    today = center.today()
    workers = [factories.WorkerFactory(center=center) for _ in range(4)]
    for worker in workers[:3]:
        with django_capture_on_commit_callbacks(execute=True):
            signin_create(center=center, worker=worker)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(
            job=data.job(center, data.employer(center), today), worker=workers[0], how="walk_in"
        )
    [(args, options)] = coalescing  # four writes, one refresh, a minute later
    assert options["countdown"] == 60
    assert not DailyStats.objects.exists()

    tasks.stats_refresh(*args)
    totals = report_summary(center=center, start=today, end=today).totals
    assert (totals["signins"], totals["placements"], totals["unique_workers"]) == (3, 1, 3)
    coalesced = summary_rows()
    for model in (DailyStats, NetworkDailyStats, WorkerMonth, WorkerYear, EmployerMonth):
        model.objects.all().delete()
    EmployerYear.objects.all().delete()
    stats_rebuild(start=today, end=today)  # from nothing, after every write
    assert summary_rows() == coalesced

    with django_capture_on_commit_callbacks(execute=True):  # after the refresh: a new one
        signin_create(center=center, worker=workers[3])
    assert len(coalescing) == 2
    tasks.stats_refresh(*coalescing[1][0])
    assert report_summary(center=center, start=today, end=today).totals["signins"] == 4


@pytest.mark.redis
def test_a_refresh_the_broker_did_not_take_is_scheduled_again_by_the_next_write(
    center, coalescing, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from dispatch.services.morning import signin_create
    from reports import tasks

    def broker_down(args, **options):
        raise OperationalError("Connection refused.")

    center.signin_opens = time(0, 0)
    center.save()
    first, second = factories.WorkerFactory(center=center), factories.WorkerFactory(center=center)
    monkeypatch.setattr(tasks.stats_refresh, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        signin_create(center=center, worker=first)
    monkeypatch.setattr(
        tasks.stats_refresh, "apply_async", lambda args, **options: coalescing.append(args)
    )
    with django_capture_on_commit_callbacks(execute=True):
        signin_create(center=center, worker=second)
    [args] = coalescing
    tasks.stats_refresh(*args)
    assert (
        report_summary(center=center, start=center.today(), end=center.today()).totals["signins"]
        == 2
    )


@pytest.mark.redis
def test_a_sign_in_and_its_bookkeeping_stay_within_their_query_budget(
    center, coalescing, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The worker and the insert; the report rows are refreshed later by the coalesced
    task (held here), which used to rebuild the month and year rows on every sign-in."""
    from dispatch.services.morning import signin_create

    center.signin_opens = time(0, 0)
    center.save()
    first, worker = factories.WorkerFactory(center=center), factories.WorkerFactory(center=center)
    signin_create(center=center, worker=first)  # the day's draw row exists from here
    with (
        django_assert_max_num_queries(BUDGET_SIGNIN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        signin_create(center=center, badge=worker.badge)
    assert len(coalescing) == 1  # the first sign-in's refresh; the second added none


BUDGET_SIGNIN = 2
