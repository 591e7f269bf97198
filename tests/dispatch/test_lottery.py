"""The pure lottery: properties, uniformity, fairness over time. No database."""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispatch import lottery
from dispatch.lottery import Entry, Inputs, Late

SEED = "ab" * 32

entries_strategy = st.lists(
    st.builds(
        Entry,
        badge=st.integers(min_value=1, max_value=99_999),
        priority=st.booleans(),
        jobs_7d=st.integers(min_value=0, max_value=7),
        days_30d=st.integers(min_value=0, max_value=30),
        jobs_30d=st.integers(min_value=0, max_value=30),
    ),
    max_size=60,
    unique_by=lambda e: e.badge,
)
late_strategy = st.lists(
    st.builds(
        Late,
        badge=st.integers(min_value=100_000, max_value=199_999),
        signed_in_at=st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    ),
    max_size=10,
    unique_by=lambda item: item.badge,
)
seeds = st.binary(min_size=32, max_size=32).map(bytes.hex)
modes = st.sampled_from(lottery.MODES)


@given(seed=seeds, entries=entries_strategy, late=late_strategy, mode=modes)
def test_each_signed_in_worker_appears_exactly_once(seed, entries, late, mode):
    order = lottery.draw(seed, Inputs(mode=mode, entries=entries, late=late))
    assert sorted(order) == sorted([e.badge for e in entries] + [item.badge for item in late])


@given(seed=seeds, entries=entries_strategy, late=late_strategy, mode=modes)
def test_late_arrivals_follow_every_drawn_worker_in_arrival_order(seed, entries, late, mode):
    order = lottery.draw(seed, Inputs(mode=mode, entries=entries, late=late))
    tail = order[len(entries) :]
    by_arrival = [i.badge for i in sorted(late, key=lambda i: (i.signed_in_at, i.badge))]
    assert tail == by_arrival


@given(seed=seeds, entries=entries_strategy, mode=modes, shuffle_seed=st.randoms())
def test_same_inputs_and_seed_give_the_same_order_whatever_the_input_order(
    seed, entries, mode, shuffle_seed
):
    shuffled = list(entries)
    shuffle_seed.shuffle(shuffled)
    first = lottery.draw(seed, Inputs(mode=mode, entries=entries))
    assert lottery.draw(seed, Inputs(mode=mode, entries=shuffled)) == first


@given(seed=seeds, entries=entries_strategy, mode=modes)
def test_priority_flagged_workers_come_first(seed, entries, mode):
    order = lottery.draw(seed, Inputs(mode=mode, entries=entries))
    flagged = {e.badge for e in entries if e.priority}
    assert set(order[: len(flagged)]) == flagged


@given(seed=seeds, entries=entries_strategy)
def test_tiered_puts_fewer_recent_jobs_first(seed, entries):
    order = lottery.draw(seed, Inputs(mode=lottery.TIERED, entries=entries))
    tier = {e.badge: e.jobs_7d for e in entries if not e.priority}
    tiers_in_order = [tier[badge] for badge in order if badge in tier]
    assert tiers_in_order == sorted(tiers_in_order)


@given(seed=seeds, entries=entries_strategy, mode=modes)
def test_a_stored_draw_verifies_and_a_tampered_one_does_not(seed, entries, mode):
    inputs = Inputs(mode=mode, entries=entries)
    order = lottery.draw(seed, inputs)
    stored = Inputs.from_dict(inputs.as_dict())
    commitment = lottery.commitment(seed)
    assert lottery.verify(seed=seed, commitment_hex=commitment, inputs=stored, order=order)
    if len(order) > 1:
        swapped = [order[1], order[0], *order[2:]]
        assert not lottery.verify(
            seed=seed, commitment_hex=commitment, inputs=stored, order=swapped
        )
    other_seed = "0" * 64 if seed != "0" * 64 else "1" * 64
    assert not lottery.verify(
        seed=other_seed, commitment_hex=commitment, inputs=stored, order=order
    )


def test_the_commitment_is_the_sha256_of_the_seed_text():
    assert lottery.commitment(SEED) == hashlib.sha256(SEED.encode()).hexdigest()
    assert len(lottery.new_seed()) == 64
    assert lottery.new_seed() != lottery.new_seed()


def test_the_key_is_documented_sha256_of_seed_colon_badge():
    assert lottery.key(SEED, 17) == hashlib.sha256(f"{SEED}:17".encode()).digest()
    inputs = Inputs(mode=lottery.UNIFORM, entries=[Entry(badge=b) for b in (5, 17, 300)])
    expected = sorted([5, 17, 300], key=lambda b: hashlib.sha256(f"{SEED}:{b}".encode()).digest())
    assert lottery.draw(SEED, inputs) == expected


def test_uniform_draw_is_uniform_over_all_permutations_chi_square():
    """Every order of 4 workers is equally likely: chi-square over 4,800 fixed seeds."""
    badges = [11, 22, 33, 44]
    inputs = Inputs(mode=lottery.UNIFORM, entries=[Entry(badge=b) for b in badges])
    trials = 4800
    counts = Counter(
        tuple(lottery.draw(hashlib.sha256(b"seed %d" % i).hexdigest(), inputs))
        for i in range(trials)
    )
    permutations = list(itertools.permutations(badges))
    expected = trials / len(permutations)
    chi2 = sum((counts[p] - expected) ** 2 / expected for p in permutations)
    # 23 degrees of freedom: the 99.9th percentile of chi-square is 49.73.
    assert chi2 < 49.73, chi2
    assert set(counts) == set(permutations)


def test_uniform_gives_each_worker_every_place_equally_often():
    badges = list(range(1, 11))
    inputs = Inputs(mode=lottery.UNIFORM, entries=[Entry(badge=b) for b in badges])
    first = Counter(
        lottery.draw(hashlib.sha256(b"first %d" % i).hexdigest(), inputs)[0] for i in range(5000)
    )
    expected = 500
    chi2 = sum((first[b] - expected) ** 2 / expected for b in badges)
    assert chi2 < 27.88, chi2  # 9 degrees of freedom, 99.9th percentile


def test_deficit_favours_the_worker_furthest_behind():
    behind = Entry(badge=1, days_30d=20, jobs_30d=2)
    ahead = [Entry(badge=b, days_30d=20, jobs_30d=12) for b in range(2, 6)]
    inputs = Inputs(mode=lottery.DEFICIT, entries=[behind, *ahead])
    firsts = Counter(
        lottery.draw(hashlib.sha256(b"d %d" % i).hexdigest(), inputs)[0] for i in range(2000)
    )
    assert firsts[1] > 2000 * 0.6


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown lottery mode"):
        lottery.draw(SEED, Inputs(mode="favourites", entries=[Entry(badge=1)]))


def test_gini_of_even_and_uneven_counts():
    assert lottery.gini([3, 3, 3, 3]) == pytest.approx(0.0)
    assert lottery.gini([0, 0, 0, 12]) == pytest.approx(0.75)
    assert lottery.gini([]) == 0.0


def test_sixty_days_at_a_realistic_center_deficit_is_fairer_than_uniform(capsys):
    """60 sign-ins and 25 jobs a day from 80 members over 60 days: Gini of dispatches."""
    figures = {
        mode: lottery.gini(
            lottery.simulate(
                mode=mode, days=60, workers=80, signins_per_day=60, jobs_per_day=25, seed=7
            )
        )
        for mode in lottery.MODES
    }
    with capsys.disabled():
        print(
            "\nGini of dispatches, 60 days, 60 sign-ins, 25 jobs/day: "
            + ", ".join(f"{mode} {value:.3f}" for mode, value in figures.items())
        )
    assert figures[lottery.DEFICIT] < figures[lottery.UNIFORM]
    assert figures[lottery.TIERED] < figures[lottery.UNIFORM]
