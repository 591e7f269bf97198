"""SMS sending throughput and the per-number rate limit, through a real Celery worker.

    python -m bench sms [--messages 10000] [--latency 0.1] [--pool threads] [--concurrency 64]

Needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL, REDIS_URL). Part one writes
N outbox rows, enqueues their tasks, starts a worker (the rate limit lifted) and sends them
to the fake Twilio, which answers each request after ``--latency`` seconds; it prints
messages per second from the first request to the last, and checks that every message was
sent exactly once. Part two sends from three numbers limited to one segment per second
each and prints the rate of each number and of the three together.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    os.environ["SMS_BACKEND"] = "twilio"
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL", "").startswith(
        "redis"
    ):
        sys.exit("bench sms needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _worker(fake, *, pool: str, concurrency: int, extra_env: dict[str, str]) -> subprocess.Popen:
    env = os.environ | {
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_API_BASE_URL": fake.url,
        "TWILIO_TIMEOUT_SECONDS": "10",
        "SMS_HTTP_POOL_SIZE": str(concurrency),
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
        f"--concurrency={concurrency}", "--without-heartbeat", "--without-mingle",
        "--without-gossip", "--loglevel=" + os.environ.get("BENCH_LOGLEVEL", "WARNING"), "-n", f"bench-{time.time_ns()}@%h",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def _outbox(center, numbers: list[str], count: int) -> list[int]:
    from sms.models import Message

    rows = [
        Message(
            center=center,
            direction=Message.Direction.OUTBOUND,
            to_number=f"+1555{n:07d}",
            from_number=numbers[n % len(numbers)],
            kind="offer",
            body=f"Bench message {n}",
            language="en",
            encoding="GSM-7",
            segments=1,
        )
        for n in range(count)
    ]
    return [m.pk for m in Message.objects.bulk_create(rows, batch_size=2000)]


def _enqueue(ids: list[int]) -> None:
    from config.celery import app
    from sms.tasks import sms_send

    with app.producer_or_acquire() as producer:
        for pk in ids:
            sms_send.apply_async((pk,), producer=producer)


def _wait(fake, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(fake.accepted()) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def _center(slug: str, number: str):
    from centers.models import Center

    center, _ = Center.objects.get_or_create(
        slug=slug, defaults={"name": f"Bench {slug}", "sms_number": number}
    )
    return center


def _clean() -> None:
    from config.celery import app
    from sms.models import Message

    Message.objects.filter(center__slug__startswith="bench-").delete()
    app.control.purge()


def throughput(args: argparse.Namespace) -> float:
    from sms.models import Message
    from tests.sms.fake_twilio import FakeTwilio

    _clean()
    fake = FakeTwilio(latency=args.latency).start()
    center = _center("bench-throughput", "+15550100000")
    ids = _outbox(center, [str(center.sms_number)], args.messages)
    _enqueue(ids)
    cpu_before = _children_cpu()
    workers = [
        _worker(
            fake,
            pool=args.pool,
            concurrency=args.concurrency,
            extra_env={"SMS_RATE_PER_SECOND": "0", "DB_CONN_MAX_AGE": "600"},
        )
        for _ in range(args.workers)
    ]
    try:
        _wait(fake, args.messages, timeout=args.messages / 20 + 60)
    finally:
        for worker in workers:
            _stop(worker)
        fake.stop()
    worker_cpu = _children_cpu() - cpu_before
    posts = fake.posts()
    times = sorted(p.at for p in posts)
    per_body = Counter(p.form["Body"] for p in posts)
    sent = Message.objects.filter(pk__in=ids, status=Message.Status.SENT).count()
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    print(
        f"throughput: {len(posts)} requests, {sent}/{args.messages} sent, "
        f"{sum(1 for c in per_body.values() if c > 1)} sent twice; "
        f"{rate:.0f} messages/s (target ≥ 500; {args.workers} worker process(es), pool={args.pool}, "
        f"concurrency={args.concurrency}, "
        f"latency={args.latency * 1000:.0f} ms)"
    )
    print(
        f"throughput: the worker used {worker_cpu:.1f} s of CPU, "
        f"{worker_cpu / max(1, len(posts)) * 1000:.2f} ms per message "
        f"(start-up included), on a machine with load {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    return rate


def rate_limit(args: argparse.Namespace) -> None:
    import redis

    from tests.sms.fake_twilio import FakeTwilio

    _clean()
    redis_url = os.environ.get("REDIS_URL", os.environ["CELERY_BROKER_URL"])
    numbers = ["+15550100001", "+15550100002", "+15550100003"]
    per_number = args.rate_messages
    store = redis.Redis.from_url(redis_url)
    for number in numbers:
        store.delete(f"sms:rate:{number}")
    fake = FakeTwilio().start()
    center = _center("bench-rate", numbers[0])
    ids = _outbox(center, numbers, per_number * len(numbers))
    worker = _worker(
        fake,
        pool="threads",
        concurrency=8,
        extra_env={"SMS_RATE_PER_SECOND": "1", "SMS_RATE_REDIS_URL": redis_url},
    )
    try:
        time.sleep(3)  # the worker is up before the first task: its start is not measured
        _enqueue(ids)
        _wait(fake, len(ids), timeout=per_number + 60)
    finally:
        _stop(worker)
        fake.stop()
    rates = []
    for number in numbers:
        times = sorted(p.at for p in fake.posts() if p.form["From"] == number)
        # From each number's second send: the first goes out when its task first runs,
        # the rest at their reserved moments, so the first gap also holds start-up delay.
        rates.append((len(times) - 2) / (times[-1] - times[1]))
        print(f"rate limit: {number[:-4]}•••{number[-4:]} sent {len(times)} at {rates[-1]:.3f}/s")
    together = sum(rates)
    print(
        f"rate limit: three numbers together {together:.3f}/s "
        f"({abs(together - 3) / 3:.1%} from 3/s; target within 5%)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench sms", description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--pool", default="threads")
    parser.add_argument("--concurrency", type=int, default=64, help="threads per worker")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--rate-messages", type=int, default=20, help="per number")
    parser.add_argument("--skip-rate", action="store_true")
    args = parser.parse_args(argv)
    _setup()
    throughput(args)
    if not args.skip_rate:
        rate_limit(args)


if __name__ == "__main__":
    main()
