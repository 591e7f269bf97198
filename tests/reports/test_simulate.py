from __future__ import annotations

from datetime import date, timedelta

from reports.simulate import Day, replay


def _days(n: int) -> list[Day]:
    start = date(2025, 1, 1)
    # ten regulars every day, two jobs a day
    return [Day(start + timedelta(days=i), tuple(range(1, 11)), 2) for i in range(n)]


def test_replay_hands_out_exactly_the_jobs_of_each_day_in_every_mode():
    outcomes = replay(_days(30), salt="pomona")
    assert [o.mode for o in outcomes] == ["uniform", "tiered", "deficit"]
    for outcome in outcomes:
        assert 0 <= outcome.gini < 1
        assert outcome.most >= 6  # 60 jobs among 10 workers


def test_tiered_and_deficit_spread_jobs_more_evenly_than_a_uniform_draw():
    by_mode = {o.mode: o for o in replay(_days(60), salt="graton")}
    assert by_mode["tiered"].gini <= by_mode["uniform"].gini
    assert by_mode["deficit"].gini <= by_mode["uniform"].gini
    assert by_mode["tiered"].without == 0


def test_replay_is_deterministic():
    assert replay(_days(20), salt="x") == replay(_days(20), salt="x")
