"""Demo data: a realistic morning at each demo center, so the desk shows a live queue.

Whenever it runs, the demo center's sign-in hours are first set around the moment of seeding
(sign-in opened an hour ago, the cutoff is in an hour: ``centers.demo.hours_around``); about
45 members signed in since sign-in opened, so the desk accepts the next scan, and a
coordinator can draw (early) and dispatch at once. Idempotent: a center with sign-ins today
is left alone, hours included. No texts are sent."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from centers.demo import hours_around
from centers.models import Center
from dispatch.models import SignIn
from dispatch.services import morning
from employers.models import Job
from workers.models import Worker

SIGNINS = 45
LATECOMERS = 3
JOBS_DISPATCHED = 2


def seed(centers: list[Center], rng: random.Random) -> None:
    for center in centers:
        _morning(center, rng)


def _morning(center: Center, rng: random.Random) -> None:
    now = timezone.now()
    day = center.today()
    if SignIn.objects.filter(center=center, date=day).exists():
        return
    workers = [
        worker
        for worker in Worker.objects.filter(center=center, status=Worker.Status.ACTIVE)
        if not worker.is_suspended_on(day)
    ]
    if not workers:
        return
    hours_around(center, now)
    chosen = rng.sample(workers, min(SIGNINS + LATECOMERS, len(workers)))
    opens, cutoff = morning.opens_at(center, day), morning.cutoff_at(center, day)
    drawn = now >= cutoff
    start = min(opens, now)
    end = cutoff if drawn else now
    span = max(int((end - start).total_seconds()), 1)
    times = sorted(start + timedelta(seconds=rng.randrange(span)) for _ in chosen)
    if drawn:
        late_span = max(int(min(now - cutoff, timedelta(minutes=40)).total_seconds()), 60)
        for index in range(1, min(LATECOMERS, len(times)) + 1):
            times[-index] = cutoff + timedelta(seconds=rng.randrange(late_span))
        times.sort()
    SignIn.objects.bulk_create(
        SignIn(
            center=center,
            date=day,
            worker=worker,
            signed_in_at=at,
            late=at >= cutoff,
            present=rng.random() < 0.8,
            method=SignIn.Method.SCAN,
        )
        for worker, at in zip(chosen, times, strict=True)
    )
    morning.draw_get_or_create(center=center, day=day)
    if not drawn:
        return
    morning.lottery_draw(center=center, day=day, now=max(times[-1], cutoff), notify=False)
    dispatched = 0
    for job in Job.objects.filter(center=center, date=day, status=Job.Status.OPEN).order_by(
        "start_time", "pk"
    ):
        if dispatched >= JOBS_DISPATCHED:
            break
        dispatched += bool(morning.job_dispatch_desk(job=job).assignments)
