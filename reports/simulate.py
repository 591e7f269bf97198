"""Replay a center's own sign-in history under each lottery mode.

Each past day keeps who signed in and how many of them got a job; the replay draws that
day's order with ``dispatch.lottery.draw`` in each mode (the tiers and fair shares come
from the replay's own earlier days) and gives the jobs to the first in line. Skills,
employer requests and declines are left out: the comparison isolates the draw.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dispatch.lottery import MODES, Inputs, draw, entries_from_history

from .fairness import gini, histogram


@dataclass(frozen=True)
class Day:
    day: date
    workers: tuple[int, ...]  # who signed in (ids)
    jobs: int  # how many of them got a job that day


@dataclass(frozen=True)
class Outcome:
    mode: str
    gini: float
    most: int  # dispatches of the luckiest worker
    without: int  # active workers who got no job at all


def replay(days: Sequence[Day], *, salt: str = "") -> list[Outcome]:
    outcomes = []
    active = {w for d in days for w in d.workers}
    for mode in MODES:
        totals: dict[int, int] = defaultdict(int)
        past: list[tuple[frozenset[int], frozenset[int]]] = []
        for d in days:
            entries = entries_from_history(d.workers, past)
            seed = hashlib.sha256(f"{salt}:{d.day.isoformat()}".encode()).hexdigest()
            winners = frozenset(draw(seed, Inputs(mode=mode, entries=entries))[: d.jobs])
            for w in winners:
                totals[w] += 1
            past.append((frozenset(d.workers), winners))
        counts = [totals.get(w, 0) for w in active]
        outcomes.append(
            Outcome(
                mode=mode,
                gini=round(gini(histogram(counts)), 4),
                most=max(counts, default=0),
                without=sum(1 for c in counts if c == 0),
            )
        )
    return outcomes
