"""Sign-in at the desk and the day's lottery draw (services)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.management import call_command

from dispatch import lottery
from dispatch.errors import DispatchConflict, DispatchError
from dispatch.models import LotteryDraw, PriorityFlag, SignIn
from dispatch.services import morning
from tests import factories

pytestmark = pytest.mark.django_db


def test_badge_sign_in_before_the_cutoff_is_in_the_draw_and_creates_the_commitment(center, at):
    worker = factories.WorkerFactory(center=center)
    signin = morning.signin_create(center=center, badge=worker.badge, now=at("06:40"))
    assert signin.late is False
    assert signin.lottery_number is None
    draw = LotteryDraw.objects.get(center=center, date=signin.date)
    assert draw.commitment == lottery.commitment(draw.seed)
    assert draw.revealed_seed is None


def test_a_second_scan_is_refused_with_the_time_of_the_first(center, at):
    worker = factories.WorkerFactory(center=center, known_as="Chuy")
    morning.signin_create(center=center, badge=worker.badge, now=at("06:40"))
    with pytest.raises(DispatchConflict, match="Chuy already signed in today at 06:40"):
        morning.signin_create(center=center, badge=worker.badge, now=at("06:45"))
    assert SignIn.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": "inactive"}, "the membership is inactive"),
        ({"status": "expired"}, "the membership expired"),
        ({"status": "expelled"}, "the membership was ended by the center"),
        (
            {"suspended_until": "2999-01-01", "status": "sanctioned"},
            "suspension until Jan. 1, 2999",
        ),
    ],
)
def test_suspended_or_inactive_workers_cannot_sign_in(center, at, fields, reason):
    worker = factories.WorkerFactory(center=center, known_as="Beto", **fields)
    with pytest.raises(DispatchError, match=f"Beto cannot sign in: {reason}"):
        morning.signin_create(center=center, badge=worker.badge, now=at("06:40"))
    assert not SignIn.objects.exists()


def test_a_badge_of_another_center_is_refused(center, other_center, at):
    stranger = factories.WorkerFactory(center=other_center, badge=4242)
    with pytest.raises(DispatchError, match="Badge 4242 belongs to another center") as error:
        morning.signin_create(center=center, badge=stranger.badge, now=at("06:40"))
    assert error.value.code == "other_center"


def test_an_unknown_badge_is_refused(center, at):
    with pytest.raises(DispatchError, match="No worker has badge 99"):
        morning.signin_create(center=center, badge=99, now=at("06:40"))


def test_sign_in_before_it_opens_is_refused(center, at):
    worker = factories.WorkerFactory(center=center)
    with pytest.raises(DispatchError, match="Sign-in opens at 06:00"):
        morning.signin_create(center=center, badge=worker.badge, now=at("05:30"))


def test_sign_ins_after_the_cutoff_are_late_and_join_the_end_in_arrival_order(center, at):
    early = [factories.WorkerFactory(center=center) for _ in range(5)]
    for minute, worker in enumerate(early):
        morning.signin_create(center=center, badge=worker.badge, now=at(f"06:{10 + minute}"))
    latecomer_a = factories.WorkerFactory(center=center)
    latecomer_b = factories.WorkerFactory(center=center)
    morning.signin_create(center=center, badge=latecomer_b.badge, now=at("07:31"))
    morning.signin_create(center=center, badge=latecomer_a.badge, now=at("07:32"))
    draw = morning.lottery_draw(center=center, now=at("07:33"))
    queue = list(SignIn.objects.filter(center=center).order_by("position"))
    assert [s.position for s in queue] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.worker_id for s in queue[5:]] == [latecomer_b.pk, latecomer_a.pk]
    assert all(s.late for s in queue[5:])
    assert not any(s.late for s in queue[:5])
    after = factories.WorkerFactory(center=center)
    signin = morning.signin_create(center=center, badge=after.badge, now=at("08:00"))
    assert (signin.lottery_number, signin.position, signin.late) == (8, 8, True)
    assert morning.lottery_verify(draw=draw)


def test_the_draw_reveals_the_seed_stores_its_inputs_and_can_run_only_once(center, at):
    workers = [factories.WorkerFactory(center=center) for _ in range(6)]
    for worker in workers:
        morning.signin_create(center=center, badge=worker.badge, now=at("06:30"))
    PriorityFlag.objects.create(
        center=center, date=center.today(), worker=workers[4], list_name="volunteers"
    )
    draw = morning.lottery_draw(center=center, now=at("07:30"))
    assert draw.revealed_seed == draw.seed
    assert draw.is_drawn
    assert draw.order[0] == workers[4].badge
    assert sorted(e["badge"] for e in draw.inputs["entries"]) == sorted(w.badge for w in workers)
    numbers = dict(SignIn.objects.values_list("worker__badge", "lottery_number"))
    assert [numbers[b] for b in draw.order] == list(range(1, 7))
    with pytest.raises(DispatchConflict, match="already been drawn"):
        morning.lottery_draw(center=center, now=at("07:40"))


def test_tiered_draw_uses_jobs_of_the_last_seven_days(center, at):
    busy, idle = factories.WorkerFactory(center=center), factories.WorkerFactory(center=center)
    center.lottery_mode = "tiered"
    center.save()
    past = factories.JobFactory(center=center, date=center.today() - timedelta(days=2))
    morning.assignment_create(job=past, worker=busy, how="walk_in")
    for worker in (busy, idle):
        morning.signin_create(center=center, badge=worker.badge, now=at("06:30"))
    draw = morning.lottery_draw(center=center, now=at("07:30"))
    assert draw.order == [idle.badge, busy.badge]
    tiers = {e["badge"]: e["jobs_7d"] for e in draw.inputs["entries"]}
    assert tiers == {busy.badge: 1, idle.badge: 0}


def test_the_beat_task_draws_at_the_local_cutoff_only(center, at):
    worker = factories.WorkerFactory(center=center)
    morning.signin_create(center=center, badge=worker.badge, now=at("06:30"))
    assert morning.lottery_draw_due(now=at("07:29")) == 0
    assert morning.lottery_draw_due(now=at("07:30")) == 1
    assert morning.lottery_draw_due(now=at("07:31")) == 0


@pytest.mark.parametrize("day", ["2026-03-08", "2026-11-01"])
def test_the_cutoff_is_local_wall_time_across_daylight_saving_changes(center, day):
    from datetime import UTC, date, datetime

    local_day = date.fromisoformat(day)
    cutoff = morning.cutoff_at(center, local_day)
    assert cutoff.astimezone(center.tz).hour == 7
    assert cutoff.astimezone(center.tz).minute == 30
    expected_utc_hour = 14 if day == "2026-03-08" else 15  # PDT is UTC-7, PST is UTC-8
    assert cutoff.astimezone(UTC) == datetime(
        local_day.year, local_day.month, local_day.day, expected_utc_hour, 30, tzinfo=UTC
    )


def test_verify_lottery_says_match_and_mismatch(center, at, capsys):
    for _ in range(4):
        worker = factories.WorkerFactory(center=center)
        morning.signin_create(center=center, badge=worker.badge, now=at("06:30"))
    draw = morning.lottery_draw(center=center, now=at("07:30"))
    call_command("verify_lottery", center.slug, str(draw.date))
    assert "MATCH" in capsys.readouterr().out
    draw.order = list(reversed(draw.order))
    draw.save()
    with pytest.raises(SystemExit):
        call_command("verify_lottery", center.slug, str(draw.date))
    assert "MISMATCH" in capsys.readouterr().out


def test_after_the_draw_workers_who_can_get_sms_are_texted_their_number(center, at, outbox):
    texted = factories.WorkerFactory(center=center, preferred_language="en")
    no_phone = factories.WorkerFactory(center=center, phone="")
    for worker in (texted, no_phone):
        morning.signin_create(center=center, badge=worker.badge, now=at("06:30"))
    morning.lottery_draw(center=center, now=at("07:30"))
    (message,) = outbox()
    assert (message.worker_id, message.kind) == (texted.pk, "lottery_number")
    number = SignIn.objects.get(worker=texted).lottery_number
    assert f"is {number}." in message.body


@pytest.mark.parametrize(
    ("day", "utc_cutoff"),
    [("2026-03-08", "2026-03-08T14:30:00+00:00"), ("2026-11-01", "2026-11-01T15:30:00+00:00")],
)
def test_the_beat_task_draws_at_7_30_local_on_daylight_saving_days(center, day, utc_cutoff):
    from datetime import date, datetime, timedelta

    worker = factories.WorkerFactory(center=center)
    local_day = date.fromisoformat(day)
    SignIn.objects.create(
        center=center,
        date=local_day,
        worker=worker,
        signed_in_at=center.local_datetime(local_day, time(6, 30)),
    )
    morning.draw_get_or_create(center=center, day=local_day)
    cutoff = datetime.fromisoformat(utc_cutoff)
    assert morning.lottery_draw_due(now=cutoff - timedelta(seconds=1)) == 0
    assert morning.lottery_draw_due(now=cutoff) == 1
    assert LotteryDraw.objects.get(date=local_day).order == [worker.badge]


@pytest.mark.parametrize(
    ("fields", "spanish"),
    [
        ({"status": "expired"}, "Beto no puede registrarse: la membresía venció."),
        (
            {"suspended_until": "2999-12-12", "status": "sanctioned"},
            "Beto no puede registrarse: suspensión hasta el 12 de diciembre de 2999.",
        ),
    ],
)
def test_a_refusal_reads_as_a_spanish_sentence_with_the_date_in_words(center, at, fields, spanish):
    from django.utils import translation

    worker = factories.WorkerFactory(center=center, known_as="Beto", **fields)
    with translation.override("es"), pytest.raises(DispatchError) as refused:
        morning.signin_create(center=center, badge=worker.badge, now=at("06:40"))
    with translation.override("es"):
        assert str(refused.value.message) == spanish
