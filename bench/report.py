"""Board report timings on the generated network (see bench/generate.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jornada_bench python -m bench.report

Times the report of one year for one center and for the whole network, from the summary
rows (what the page and the API use) and, as the baseline measured in the same run,
straight from the raw tables. Each figure is the median of several warm runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def timed(func: Callable[[], object], runs: int) -> tuple[float, object]:
    result = func()  # warm the caches once
    samples = []
    for _ in range(runs):
        begin = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples) * 1000, result


def main(argv: list[str] | None = None) -> list[tuple[str, float, float, float]]:
    parser = argparse.ArgumentParser(description="board report timings")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 1))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--raw-runs", type=int, default=3)
    parser.add_argument(
        "--rollup",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the nightly rollup's work for two days of every center",
    )
    args = parser.parse_args(argv)
    django.setup()
    from django.db import connection

    from centers.models import Center
    from dispatch.models import Assignment
    from reports.selectors import report_from_raw, report_summary
    from reports.stats import stats_rebuild

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [Assignment._meta.db_table]
        )
        assignments = cursor.fetchone()[0]
    center = Center.objects.order_by("pk").first()
    print(
        f"{Center.objects.count():,} centers, ~{assignments:,} assignments; report {args.start}..{args.end}"
    )
    rows = []
    for label, scope, target in (("one center", center, 10.0), ("whole network", None, 50.0)):
        fast, summary = timed(
            lambda s=scope: report_summary(center=s, start=args.start, end=args.end), args.runs
        )
        slow, raw = timed(
            lambda s=scope: report_from_raw(center=s, start=args.start, end=args.end), args.raw_runs
        )
        assert summary.totals == raw.totals, (summary.totals, raw.totals)
        rows.append((label, fast, slow, target))
    floor, signins = timed(lambda: count_signins(args.start, args.end), args.raw_runs)
    print(
        f"{'board report, 1 year':24} {'summary rows':>14} {'raw baseline':>14} {'speed-up':>9} {'target':>10}"
    )
    for label, fast, slow, target in rows:
        verdict = "met" if fast <= target and slow <= 2000 else "MISSED"
        print(
            f"{label:24} {fast:>11.1f} ms {slow:>11.1f} ms {slow / fast:>8.0f}x {'≤' + str(int(target)) + ' ms':>8} {verdict}"
        )
    print(
        f"floor of any raw computation for the network: counting the period's {signins:,} "
        f"sign-ins once takes {floor:,.1f} ms (the raw report reads them, and more, several times)"
    )
    if args.rollup:
        day = args.end - timedelta(days=1)
        begin = time.perf_counter()
        stats_rebuild(start=day - timedelta(days=1), end=day)
        print(
            f"nightly rollup (yesterday and today of every center, {day - timedelta(days=1)}.."
            f"{day}): {time.perf_counter() - begin:,.1f} s"
        )
    return rows


def count_signins(start: date, end: date) -> int:
    from dispatch.models import SignIn

    return SignIn.objects.filter(date__range=(start, end)).count()


if __name__ == "__main__":
    main()
