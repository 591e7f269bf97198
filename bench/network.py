"""A network's morning on one machine, end to end on the real stack.

    python -m bench network [--centers 8] [--members 40] [--jobs 3] [--signin-seconds 60]

Needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL, REDIS_URL). Starts gunicorn
(3 sync workers), a Celery worker with its beat (``-B``: the real schedule, so each draw
happens at the first ``lottery-draw-due`` tick after its cutoff) and the fake Twilio, then
replays the morning of ``--centers`` centers spread over four time zones, their cutoffs
staggered over the run as a network's are over the hours:

- sign-ins: each center's members sign in by the API (``POST /api/v1/signins/``, a
  coordinator's token) in the ``--signin-seconds`` before its cutoff, evenly spaced: a peak
  rate several times what a real center sees;
- the draw, by the beat's task, and the lottery-number texts;
- offers: once a center is drawn, its coordinator sends every job's offers by SMS
  (``POST /api/v1/jobs/<id>/dispatch/``);
- replies and acceptances: every worker texted an offer answers ``1`` (yes) through the
  signed Twilio webhook, as Twilio would; the first to answer gets the place.

It prints p50/p99 of the sign-in and the reply (the webhook's answer time), the CPU seconds
the machine spent (gunicorn, the Celery worker and beat, the PostgreSQL backends of this
database) per center-morning, and what that means for a two-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import zoneinfo
from datetime import datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import django

from bench.http_load import free_port, listening

ROOT = Path(__file__).resolve().parents[1]
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]
#: The share of two cores a machine may be kept busy at its peak with latency to spare.
HEADROOM = 0.5


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return found


def _cpu(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


#: This process's own backends (its polling is not the morning's work).
OWN_BACKENDS: set[int] = set()


def _own_backend() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        OWN_BACKENDS.add(cursor.fetchone()[0])


def _pg_backends() -> list[int]:
    from django.db import connection

    _own_backend()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [row[0] for row in cursor.fetchall() if row[0] not in OWN_BACKENDS]


class Cpu:
    """CPU of the started processes and of this database's PostgreSQL backends, counted
    from the start of the morning (backends that ended before the last sample are lost:
    Django keeps its connections, so few do)."""

    def __init__(self, roots: list[int]) -> None:
        self.roots, self.seen, self.base = roots, {}, {}
        self.sample(base=True)

    def sample(self, base: bool = False) -> None:
        for pid in [p for r in self.roots for p in _descendants(r)] + _pg_backends():
            value = _cpu([pid])
            if base:
                self.base[pid] = value
            self.seen[pid] = value

    def total(self) -> float:
        return sum(v - self.base.get(p, 0.0) for p, v in self.seen.items())


def prepare(run: str, centers: int, members: int, jobs: int, first_cutoff: datetime, spacing):
    """Centers with members, jobs for today and a coordinator's API token each."""
    from rest_framework.authtoken.models import Token

    from centers.models import Center, StaffMembership, User
    from employers.models import Employer, Job
    from workers.models import Worker

    made = []
    for i in range(centers):
        zone = ZONES[i % len(ZONES)]
        cutoff = (first_cutoff + spacing * i).astimezone(zoneinfo.ZoneInfo(zone))
        center = Center.objects.create(
            slug=f"bench-net-{run}-{i}",
            name=f"Bench network {i}",
            timezone=zone,
            sms_number=f"+1555{(int(run) * 100 + i) % 10**7:07d}",
            signin_opens=dtime(0, 0),
            lottery_cutoff=cutoff.time().replace(microsecond=0),
            wage_floor=Decimal("18.00"),
        )
        now = datetime.now(zoneinfo.ZoneInfo("UTC"))
        Worker.objects.bulk_create(
            [
                Worker(
                    center=center,
                    badge=n + 1,
                    full_name=f"Bench Worker {n}",
                    known_as=f"N{n}",
                    phone=f"+1556{(int(run) % 100) * 10**5 + i * 1000 + n:07d}",
                    preferred_language="es",
                    sms_consent_at=now,
                    sms_consent_method=Worker.ConsentMethod.VERBAL,
                )
                for n in range(members)
            ]
        )
        employer = Employer.objects.create(center=center, name="Bench", phone="+15550000001")
        day = center.today()
        job_ids = [
            Job.objects.create(
                center=center,
                employer=employer,
                description="Yard work",
                date=day,
                start_time=dtime(8),
                estimated_hours=Decimal("5.0"),
                hourly_wage=Decimal("25.00"),
                wage_floor=center.wage_floor,
                address="Main St",
                workers_needed=2,
            ).pk
            for _ in range(jobs)
        ]
        user = User.objects.create(username=f"bench-net-{run}-{i}")
        StaffMembership.objects.create(user=user, center=center, role="coordinator")
        token = Token.objects.create(user=user).key
        made.append({"center": center, "token": token, "jobs": job_ids, "cutoff": cutoff})
    return made


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, float]:
    start = time.perf_counter()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - start


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m bench network", description=__doc__)
    parser.add_argument("--centers", type=int, default=8)
    parser.add_argument("--members", type=int, default=40, help="sign-ins per center")
    parser.add_argument("--jobs", type=int, default=3, help="jobs per center, two places each")
    parser.add_argument("--signin-seconds", type=float, default=60.0)
    parser.add_argument("--spacing", type=float, default=10.0, help="seconds between cutoffs")
    parser.add_argument("--latency", type=float, default=0.1, help="fake Twilio's answer time")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL", "").startswith(
        "redis"
    ):
        raise SystemExit("bench network needs DATABASE_URL=postgres://… and a Redis broker")
    call_command("migrate", verbosity=0)
    from config.celery import app
    from dispatch.models import Assignment, LotteryDraw
    from sms.client import signature_compute
    from sms.models import Message
    from tests.sms.fake_twilio import FakeTwilio

    app.control.purge()
    # Earlier runs' texts hold the fake Twilio's SIDs (it counts from 1 each run).
    Message.objects.filter(center__slug__startswith="bench-net-").delete()
    run = str(int(time.time()) % 100000)
    start = datetime.now(zoneinfo.ZoneInfo("UTC"))
    first_cutoff = start + timedelta(seconds=args.signin_seconds + 30)
    spacing = timedelta(seconds=args.spacing)
    centers = prepare(run, args.centers, args.members, args.jobs, first_cutoff, spacing)
    fake = FakeTwilio(latency=args.latency).start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_API_BASE_URL": fake.url,
        "SMS_PUBLIC_BASE_URL": base,
        "SMS_RATE_PER_SECOND": "1",
    }
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "3", "-k", "sync", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    beat_file = ROOT / "var" / f"bench-beat-{run}"
    beat_file.parent.mkdir(exist_ok=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--schedule",
         str(beat_file), "--pool=threads", "--concurrency=16", "--without-heartbeat",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING", "-n", f"net-{run}@%h"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    signins: list[float] = []
    replies: list[float] = []
    dispatches: list[float] = []
    refused: list[int] = []
    lock = threading.Lock()

    def sign_in(entry: dict) -> None:
        headers = {"Authorization": f"Token {entry['token']}", "Content-Type": "application/json"}
        gap = args.signin_seconds / args.members
        begin = entry["cutoff"].timestamp() - args.signin_seconds - 5
        for n in range(args.members):
            time.sleep(max(0.0, begin + n * gap - time.time()))
            status, took = _post(
                f"{base}/api/v1/signins/", json.dumps({"badge": n + 1}).encode(), headers
            )
            with lock:
                signins.append(took)
                if status != 201:
                    refused.append(status)

    def dispatch_and_answer(entry: dict) -> None:
        _own_backend()
        center = entry["center"]
        deadline = entry["cutoff"].timestamp() + 150
        while time.time() < deadline:
            if LotteryDraw.objects.filter(center=center, drawn_at__isnull=False).exists():
                break
            time.sleep(0.5)
        headers = {"Authorization": f"Token {entry['token']}", "Content-Type": "application/json"}
        for pk in entry["jobs"]:
            _, took = _post(
                f"{base}/api/v1/jobs/{pk}/dispatch/", json.dumps({"via": "sms"}).encode(), headers
            )
            with lock:
                dispatches.append(took)
        answered: set[int] = set()
        path = "/sms/twilio/inbound/"
        while time.time() < deadline + 60:
            sent = Message.objects.filter(
                center=center, kind="offer", status__in=["sent", "delivered"]
            ).exclude(pk__in=answered)
            for message in sent.only("pk", "to_number"):
                answered.add(message.pk)
                params = {
                    "MessageSid": f"SM{run}{message.pk:026d}",
                    "From": str(message.to_number),
                    "To": str(center.sms_number),
                    "Body": "1",
                }
                signature = signature_compute(token=fake.auth_token, url=base + path, params=params)
                _, took = _post(
                    base + path,
                    urlencode(params).encode(),
                    {
                        "X-Twilio-Signature": signature,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                with lock:
                    replies.append(took)
            filled = Assignment.objects.filter(job_id__in=entry["jobs"]).count()
            if filled >= 2 * len(entry["jobs"]):
                return
            time.sleep(0.5)

    try:
        listening(port)
        warm_headers = {"Authorization": f"Token {centers[0]['token']}"}

        def warm() -> None:  # every gunicorn worker imports its views before the morning
            for _ in range(10):
                request = urllib.request.Request(f"{base}/api/v1/signins/", headers=warm_headers)
                with urllib.request.urlopen(request, timeout=60) as answer:
                    answer.read()

        warmers = [threading.Thread(target=warm) for _ in range(6)]
        for thread in warmers:
            thread.start()
        for thread in warmers:
            thread.join()
        cpu = Cpu([gunicorn.pid, worker.pid])
        began = time.time()
        threads = [threading.Thread(target=sign_in, args=(e,)) for e in centers]
        threads += [threading.Thread(target=dispatch_and_answer, args=(e,)) for e in centers]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            cpu.sample()
            time.sleep(1)
        cpu.sample()
        wall = time.time() - began
    finally:
        for process in (gunicorn, worker):
            process.terminate()
        for process in (gunicorn, worker):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        fake.stop()
    ids = [e["center"].pk for e in centers]
    job_ids = [pk for e in centers for pk in e["jobs"]]
    filled = Assignment.objects.filter(job_id__in=job_ids).count()
    drawn = LotteryDraw.objects.filter(center_id__in=ids, drawn_at__isnull=False).count()
    texts = Message.objects.filter(center_id__in=ids, direction="out").count()
    seconds = cpu.total()
    per_morning = seconds / len(centers)
    carried = 2 * 3600 * HEADROOM / per_morning if per_morning else 0.0
    p99_signin, p99_reply = _pct(signins, 0.99), _pct(replies, 0.99)
    fast = p99_signin < 1000 and p99_reply < 1000
    print(
        f"network: {len(centers)} centers over {len(ZONES)} time zones, {args.members} sign-ins "
        f"and {args.jobs} jobs × 2 places each, cutoffs {args.spacing:.0f} s apart; {wall:.0f} s "
        f"wall; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"network: {len(signins)} sign-ins ({len(refused)} refused), {drawn}/{len(centers)} "
        f"drawn, {len(dispatches)} dispatches, {texts} texts, {len(replies)} replies, "
        f"{filled}/{len(job_ids) * 2} places filled"
    )
    print(
        f"network: sign-in p50 {_pct(signins, 0.5):.0f} ms p99 {p99_signin:.0f} ms; reply p50 "
        f"{_pct(replies, 0.5):.0f} ms p99 {p99_reply:.0f} ms (target p99 < 1000 ms: "
        f"{'met' if fast else 'MISSED'}); offers sent p50 {_pct(dispatches, 0.5):.0f} ms"
    )
    print(
        f"network: {seconds:.1f} CPU s (web, worker and beat, PostgreSQL serving them) = {per_morning:.2f} CPU s "
        f"per center-morning; a two-core machine kept {HEADROOM:.0%} busy carries "
        f"{carried:,.0f} center-mornings in an hour"
    )
    return fast and filled == len(job_ids) * 2


if __name__ == "__main__":
    main()
