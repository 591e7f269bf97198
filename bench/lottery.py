"""The lottery: drawing and verifying 300 and 10,000 candidates; storing a drawn order."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from bench import Row
from dispatch import lottery

TARGET_MS = 20.0
STORE_TARGET_MS = 300.0


def _best_ms(func: Callable[[], object], repeat: int = 25) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _inputs(count: int, mode: str) -> lottery.Inputs:
    rng = random.Random(count)
    entries = [
        lottery.Entry(
            badge=badge,
            priority=rng.random() < 0.01,
            jobs_7d=rng.randint(0, 5),
            days_30d=rng.randint(1, 22),
            jobs_30d=rng.randint(0, 15),
        )
        for badge in rng.sample(range(1, count * 10), count)
    ]
    return lottery.Inputs(mode=mode, entries=entries)


def run() -> list[Row]:
    rows = []
    seed = lottery.new_seed()
    for count in (300, 10_000):
        for mode in lottery.MODES:
            inputs = _inputs(count, mode)
            ms = _best_ms(lambda inputs=inputs: lottery.draw(seed, inputs))
            target = f"≤ {TARGET_MS:g} ms" if count == 10_000 else ""
            rows.append(
                Row(
                    f"draw {count:,} candidates ({mode})",
                    ms,
                    "ms",
                    target,
                    ms <= TARGET_MS if count == 10_000 else None,
                )
            )
    inputs = _inputs(10_000, lottery.DEFICIT)
    order = lottery.draw(seed, inputs)
    stored = lottery.Inputs.from_dict(inputs.as_dict())
    commitment = lottery.commitment(seed)
    ms = _best_ms(
        lambda: lottery.verify(seed=seed, commitment_hex=commitment, inputs=stored, order=order)
    )
    rows.append(
        Row("verify a draw of 10,000 (deficit)", ms, "ms", f"≤ {TARGET_MS:g} ms", ms <= TARGET_MS)
    )
    rows.append(_store_row())
    return rows


def _store_row() -> Row:
    """Number 10,000 sign-ins with one set-based statement (the draw's write)."""
    from django.db import connection, transaction

    from centers.models import Center
    from dispatch.models import SignIn
    from dispatch.services.morning import positions_store
    from workers.models import Worker

    center = Center.objects.create(name="Bench", slug="bench-store")
    day = center.today()
    workers = Worker.objects.bulk_create(
        Worker(center=center, badge=n, full_name=f"W {n}", known_as=f"W{n}")
        for n in range(1, 10_001)
    )
    now = center.local_now()
    signins = SignIn.objects.bulk_create(
        SignIn(center=center, date=day, worker=w, signed_in_at=now) for w in workers
    )
    rows = [(s.pk, number, False) for number, s in enumerate(reversed(signins), 1)]
    with transaction.atomic():
        ms = _best_ms(lambda: positions_store(rows), repeat=3)
    name = f"store the order of 10,000 sign-ins ({connection.vendor})"
    postgres = connection.vendor == "postgresql"
    target = f"≤ {STORE_TARGET_MS:g} ms on PostgreSQL"
    return Row(name, ms, "ms", target, ms <= STORE_TARGET_MS if postgres else None)


def main(argv: list[str] | None = None) -> bool:
    from bench import print_rows, throwaway_database

    with throwaway_database():
        return print_rows(run())
