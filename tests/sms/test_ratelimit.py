"""The per-number token bucket, against the real Redis."""

from __future__ import annotations

import itertools
import os
import secrets
import threading

import pytest

from sms import ratelimit

pytestmark = pytest.mark.redis


@pytest.fixture
def limited(settings):
    settings.SMS_RATE_REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.SMS_RATE_PER_SECOND = 1.0
    settings.SMS_RATE_BURST = 1.0
    return settings


def number():
    return f"+1555{secrets.randbelow(10**7):07d}"


def test_the_first_send_goes_now_and_the_next_wait_their_turn(limited):
    sender = number()
    waits = [ratelimit.reserve(sender, 1) for _ in range(3)]
    assert waits[0] == 0
    # One segment a second: the 2nd and 3rd wait ~1 s and ~2 s, less the time the calls took.
    assert 0.5 < waits[1] <= 1.0
    assert 1.5 < waits[2] <= 2.0


def test_a_long_message_reserves_one_second_per_segment(limited):
    sender = number()
    assert ratelimit.reserve(sender, 3) == 0
    assert 2.5 < ratelimit.reserve(sender, 1) <= 3.0


def test_each_sending_number_has_its_own_bucket(limited):
    first, second = number(), number()
    ratelimit.reserve(first, 1)
    assert ratelimit.reserve(second, 1) == 0


def test_a_burst_lets_that_many_go_at_once(limited):
    limited.SMS_RATE_BURST = 3.0
    sender = number()
    waits = [ratelimit.reserve(sender, 1) for _ in range(4)]
    assert waits[:3] == [0, 0, 0]
    assert 0.5 < waits[3] <= 1.0


def test_reservations_from_many_clients_never_share_a_slot(limited):
    sender = number()
    waits: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def take():
        barrier.wait()
        for _ in range(5):
            wait = ratelimit.reserve(sender, 1)
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    waits.sort()
    assert len(waits) == 20
    assert waits[0] == 0
    gaps = [b - a for a, b in itertools.pairwise(waits)]
    assert all(0.5 < gap <= 1.0 for gap in gaps), gaps


def test_no_limit_without_a_rate(limited):
    limited.SMS_RATE_PER_SECOND = 0
    sender = number()
    assert [ratelimit.reserve(sender, 1) for _ in range(3)] == [0, 0, 0]
