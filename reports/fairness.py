"""Fairness arithmetic on dispatch counts: pure functions, no database.

Counts arrive as a histogram ``{dispatches: number_of_workers}`` so the whole network's
workers never have to be loaded one by one; the results equal the per-worker formulas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def histogram(values: Iterable[int]) -> dict[int, int]:
    hist: dict[int, int] = {}
    for value in values:
        hist[value] = hist.get(value, 0) + 1
    return hist


def gini(hist: Mapping[int, int]) -> float:
    """Gini coefficient of the counts: 0 when everyone got the same, towards 1 when a few
    got everything. Same as ``2·Σ i·x_i / (n·Σx) − (n+1)/n`` over the sorted values."""
    n = sum(hist.values())
    total = sum(value * count for value, count in hist.items())
    if n == 0 or total == 0:
        return 0.0
    weighted = 0
    before = 0
    for value in sorted(hist):
        count = hist[value]
        # ranks before+1 .. before+count hold ``value``; their sum of ranks is a whole number
        weighted += value * (count * (2 * before + count + 1) // 2)
        before += count
    return 2 * weighted / (n * total) - (n + 1) / n


def decile_shares(hist: Mapping[int, int]) -> list[float]:
    """Share of all dispatches received by each tenth of the workers, fewest first.

    Workers are ranked by their count; a tenth may split a group of equal counts, which
    then contributes in proportion (the value is the same for all of them)."""
    n = sum(hist.values())
    total = sum(value * count for value, count in hist.items())
    if n == 0 or total == 0:
        return [0.0] * 10
    shares = [0.0] * 10
    bounds = [n * i / 10 for i in range(11)]
    before = 0
    for value in sorted(hist):
        low, high = before, before + hist[value]
        for decile in range(10):
            overlap = min(high, bounds[decile + 1]) - max(low, bounds[decile])
            if overlap > 0:
                shares[decile] += overlap * value
        before = high
    return [share / total for share in shares]
