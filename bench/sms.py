"""SMS sending throughput and the per-number rate limit, through a real Celery worker.

    python -m bench sms [--messages 10000] [--latency 0.1] [--pool threads] [--concurrency 64]

Needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL, REDIS_URL). Part one writes
N outbox rows and starts a worker (the rate limit high enough that no text waits); then, in
alternating blocks run one after another, a bare Celery task making the same SDK call and
the pipeline (the rows handed out in batches as the outbox does, ``SMS_BATCH_SIZE``) send
to the fake Twilio, which answers each request after ``--latency`` seconds. It prints both
rates, their ratio and the worker's CPU per message, and checks that every message was sent
exactly once. Part two sends from three numbers limited to one segment per second each and
prints the rate of each number and of the three together.
"""

from __future__ import annotations

import argparse
import bisect
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import django
import redis

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
        "DEBUG": "false",  # as deployed: no query log kept per statement
        **extra_env,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-I", "bench._bare",
        f"--pool={pool}", f"--concurrency={concurrency}", "--without-heartbeat",
        "--without-mingle", "--without-gossip",
        "--loglevel=" + os.environ.get("BENCH_LOGLEVEL", "WARNING"), "-n", f"bench-{time.time_ns()}@%h",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _children_kernel_cpu() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime


def _process_cpu(pids: list[int]) -> float:
    """The CPU seconds (user + system) the kernel has counted for these processes so far:
    what each would read from its own ``getrusage``, read from outside while it runs."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


class CpuClock:
    """Samples the workers' CPU every 50 ms, so the CPU of any wall-clock interval of the
    run can be read afterwards (linear between samples)."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.samples = pids, [(time.time(), _process_cpu(pids))]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.samples.append((time.time(), _process_cpu(self.pids)))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def at(self, moment: float) -> float:
        times = [t for t, _ in self.samples]
        i = min(max(1, bisect.bisect_left(times, moment)), len(times) - 1)
        (t0, c0), (t1, c1) = self.samples[i - 1], self.samples[i]
        return c0 + (c1 - c0) * min(1.0, max(0.0, (moment - t0) / ((t1 - t0) or 1)))


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def _outbox(center, numbers: list[str], count: int, start: int = 0) -> list[int]:
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
        for n in range(start, start + count)
    ]
    return [m.pk for m in Message.objects.bulk_create(rows, batch_size=2000)]


def _enqueue(ids: list[int]) -> None:
    """As the outbox hands texts queued together to the workers (``outbox_batch``)."""
    from django.conf import settings

    from sms.services import outbox_enqueue

    size = max(1, settings.SMS_BATCH_SIZE)
    for start in range(0, len(ids), size):
        outbox_enqueue(ids[start : start + size], broker_priority=0)


def _enqueue_bare(numbers: range, from_: str) -> None:
    from bench._bare import bare_send
    from config.celery import app

    with app.producer_or_acquire() as producer:
        for n in numbers:
            bare_send.apply_async((f"+1555{n:07d}", from_, f"Bare message {n}"), producer=producer)


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


@dataclass
class Phase:
    """What one kind of task did over its blocks: messages, seconds, worker CPU seconds."""

    name: str
    messages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0

    def add(self, times: list[float], clock: CpuClock) -> None:
        self.messages += len(times) - 1
        self.seconds += times[-1] - times[0]
        self.cpu += clock.at(times[-1]) - clock.at(times[0])

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        return self.cpu / max(1, self.messages) * 1000


# --- where the time goes (``--profile``: py-spy attached to the workers) ------------------

PROFILE = ROOT / "var" / "bench-sms-profile.txt"
PROFILE_RATE = 250


def _profile_start(workers: list[subprocess.Popen]) -> list[subprocess.Popen]:
    """py-spy samples the thread holding the GIL (``--gil``: CPU, not threads waiting)."""
    PROFILE.parent.mkdir(exist_ok=True)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    command = [
        spy,
        "record",
        "--gil",
        "--nonblocking",
        "--rate",
        str(PROFILE_RATE),
        "--format",
        "raw",
    ]
    return [
        subprocess.Popen(
            [*command, "--pid", str(w.pid), "--output", f"{PROFILE}.{i}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i, w in enumerate(workers)
    ]


def _profile_stop(spies: list[subprocess.Popen]) -> None:
    for spy in spies:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)


def _category(frames: list[str]) -> tuple[str, str]:
    """(task, part of the send) of one sampled stack, outermost frame first."""
    task = "celery"
    for frame in frames:
        if frame.startswith(("sms_send ", "sms_send_batch ")):
            task = "pipeline"
        elif frame.startswith("bare_send "):
            task = "bare"
    if task == "celery":
        return task, "Celery: fetch, ack, trace (both tasks alike)"
    text = ";".join(frames)
    if "sms/ratelimit.py" in text:
        return task, "rate limit (Redis)"
    if any(m in text for m in ("requests/adapters.py", "urllib3/", "http/client.py")):
        return task, "HTTP call (urllib3, http.client, socket)"
    if "twilio/" in text or "requests/" in text:
        return task, "Twilio SDK: build the request, parse the answer"
    if "django/db/" in text or "psycopg" in text:
        place = next(
            (f.split(" (")[0] for f in reversed(frames) if "sms/services.py" in f), "other"
        )
        return task, f"database: {place}"
    if "logging/" in text:
        return task, "logging"
    return task, "task code"


def profile_summary(pipeline: Phase, bare: Phase) -> None:
    """Print the pipeline's CPU per message by part, scaled to the measured CPU."""
    samples: Counter[tuple[str, str]] = Counter()
    for path in PROFILE.parent.glob(PROFILE.name + ".*"):
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if count.isdigit():  # a frame's text may hold a line break: skip the pieces
                samples[_category(stack.split(";"))] += int(count)
    total = sum(samples.values())
    if not total:
        print("profile: no samples (is py-spy installed and allowed to attach?)")
        return
    period_ms = 1000 / PROFILE_RATE
    per_task = {"pipeline": pipeline.messages, "bare": bare.messages}
    per_task["celery"] = pipeline.messages + bare.messages
    print(
        f"profile: {total} samples of the thread holding the GIL at {PROFILE_RATE}/s; "
        "ms per message (Celery's share split over both kinds of task)"
    )
    for task in ("celery", "bare", "pipeline"):
        parts = sorted((kv for kv in samples.items() if kv[0][0] == task), key=lambda kv: -kv[1])
        for (_, part), count in parts:
            print(f"  {task:9} {part:55} {count * period_ms / max(1, per_task[task]):6.3f}")


def throughput(args: argparse.Namespace) -> bool:
    """The bare task and the pipeline in alternating blocks through the same workers."""
    from sms.models import Message
    from tests.sms.fake_twilio import FakeTwilio

    _clean()
    fake = FakeTwilio(latency=args.latency).start()
    center = _center("bench-throughput", "+15550100000")
    number = str(center.sms_number)
    redis_url = os.environ.get("REDIS_URL", os.environ["CELERY_BROKER_URL"])
    redis.Redis.from_url(redis_url).delete(f"sms:rate:{number}")
    blocks = max(1, args.blocks)
    size = max(2, args.messages // blocks)
    warm = 2 * args.concurrency * args.workers
    block_ids = [_outbox(center, [number], size, start=block * size) for block in range(blocks)]
    ids = [pk for block in block_ids for pk in block]
    cpu_before, kernel_before = _children_cpu(), _children_kernel_cpu()
    workers = [
        _worker(
            fake,
            pool=args.pool,
            concurrency=args.concurrency,
            extra_env={
                # The limit's script runs for every text, at a rate that never makes one wait.
                "SMS_RATE_PER_SECOND": "1000000",
                "SMS_RATE_BURST": "1000",
                "SMS_RATE_REDIS_URL": redis_url,
                "DB_CONN_MAX_AGE": "600",
            },
        )
        for _ in range(args.workers)
    ]
    clock = CpuClock([w.pid for w in workers])
    profiler = None
    # Blocks one after another (bare, pipeline, bare, …), each queued once the one before
    # has gone out, so no two blocks share a moment of the workers' CPU.
    done = warm
    try:
        _enqueue_bare(range(10**6, 10**6 + warm), number)  # pools and connections: not measured
        _wait(fake, done, timeout=120)
        if args.profile:
            profiler = _profile_start(workers)
        for block in range(blocks):
            _enqueue_bare(range(block * size, (block + 1) * size), number)
            done += size
            _wait(fake, done, timeout=size / 20 + 60)
            _enqueue(block_ids[block])
            done += size
            _wait(fake, done, timeout=size / 20 + 60)
        time.sleep(0.5)  # the last statuses written
    finally:
        if profiler:
            _profile_stop(profiler)
        clock.stop()
        for worker in workers:
            _stop(worker)
        fake.stop()
    whole_cpu = _children_cpu() - cpu_before
    kernel_cpu = _children_kernel_cpu() - kernel_before
    posts = fake.posts()
    per_body = Counter(p.form["Body"] for p in posts)
    sent = Message.objects.filter(pk__in=ids, status=Message.Status.SENT).count()
    bare, pipeline = Phase("bare Celery task + SDK call"), Phase("SMS pipeline")
    for block in range(blocks):
        for phase, label in ((bare, "Bare"), (pipeline, "Bench")):
            wanted = {f"{label} message {n}" for n in range(block * size, (block + 1) * size)}
            times = sorted(p.at for p in posts if p.form["Body"] in wanted)
            if len(times) > 1:
                phase.add(times, clock)
    twice = sum(1 for body, c in per_body.items() if c > 1 and body.startswith("Bench"))
    ratio = pipeline.rate / bare.rate if bare.rate else 0.0
    met_ratio, met_cpu = ratio >= 0.6, pipeline.cpu_ms <= 2.0
    print(
        f"sms: {args.workers} worker process(es), pool={args.pool}, "
        f"concurrency={args.concurrency}, fake Twilio answering in {args.latency * 1000:.0f} ms, "
        f"{blocks} alternating blocks of {size}; load {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(f"{'':30} {'messages':>9} {'msg/s':>7} {'CPU ms/msg':>11}")
    for phase in (bare, pipeline):
        print(f"{phase.name:30} {phase.messages:>9} {phase.rate:>7.0f} {phase.cpu_ms:>11.2f}")
    print(
        f"sms: pipeline at {ratio:.0%} of the bare task (target ≥ 60 %: "
        f"{'met' if met_ratio else 'MISSED'}); {pipeline.cpu_ms:.2f} ms of worker CPU a message "
        f"(target ≤ 2 ms: {'met' if met_cpu else 'MISSED'})"
    )
    print(
        f"sms: {sent}/{len(ids)} pipeline messages sent, {twice} sent twice (counted at the fake "
        f"Twilio); the workers used {whole_cpu:.1f} s of CPU in all, start-up included, "
        f"{kernel_cpu / whole_cpu if whole_cpu else 0:.0%} of it in the kernel"
    )
    if args.profile:
        profile_summary(pipeline, bare)
    return met_ratio and met_cpu and twice == 0 and sent == len(ids)


def rate_limit(args: argparse.Namespace) -> bool:
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
    return abs(together - 3) / 3 <= 0.05


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m bench sms", description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--pool", default="threads")
    parser.add_argument("--concurrency", type=int, default=64, help="threads per worker")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--rate-messages", type=int, default=20, help="per number")
    parser.add_argument("--blocks", type=int, default=5, help="alternating blocks of each kind")
    parser.add_argument("--skip-rate", action="store_true")
    parser.add_argument("--profile", action="store_true", help="py-spy: CPU per part of a send")
    args = parser.parse_args(argv)
    _setup()
    met = throughput(args)
    if not args.skip_rate:
        met = rate_limit(args) and met
    return met


if __name__ == "__main__":
    main()
