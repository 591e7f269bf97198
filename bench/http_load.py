"""HTTP load against gunicorn on 127.0.0.1: pages and API calls beside a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jornada_bench python -m bench.http_load

Starts gunicorn (``--workers`` processes, 3 as in the Dockerfile) on a free loopback port,
prepares a center with enough workers that every sign-in POST signs in somebody new, logs a
coordinator in (a session cookie and an API token), then runs each target for ``--seconds``
with ``--clients`` concurrent keep-alive clients and prints p50/p95/p99 latency and requests
per second, each beside the bare view (``/healthz``: no query, answered by the first middleware)
served by the same gunicorn in alternating slices of the same run.

Targets: ``GET /desk/`` (the coordinator's page) and ``POST /api/v1/signins/`` (sign-in by
badge). More can be given as ``--target "GET /path"`` or ``--target "POST /path"``.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import time as clock
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
ROOT = Path(__file__).resolve().parent.parent
BARE = "GET /healthz"
BENCH_CENTER = "bench-http"
BENCH_USER = "bench-desk"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int, seconds: float = 20.0) -> None:
    """Wait until a server accepts connections on the loopback ``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def prepare(workers: int) -> tuple[str, str, str]:
    """A center open all day with ``workers`` members, and a coordinator's session + token."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from centers.models import Center, StaffMembership, User
    from workers.models import Worker

    center, _ = Center.objects.update_or_create(
        slug=BENCH_CENTER,
        defaults={
            "name": "Bench HTTP",
            "signin_opens": clock(0, 0),
            "lottery_cutoff": clock(23, 59),
        },
    )
    have = Worker.objects.filter(center=center).count()
    Worker.objects.bulk_create(
        [
            Worker(
                center=center,
                badge=n,
                full_name=f"Bench Worker {n}",
                known_as=f"B{n}",
                search_text=f"bench worker {n}",
            )
            for n in range(have + 1, workers + 1)
        ],
        batch_size=5000,
    )
    user, _ = User.objects.get_or_create(username=BENCH_USER)
    user.set_password("bench-only-password")
    user.save()
    StaffMembership.objects.get_or_create(
        user=user, center=center, defaults={"role": "coordinator"}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["center_slug"] = center.slug
    session.save()
    token, _ = Token.objects.get_or_create(user=user)
    return session.session_key or "", token.key, center.slug


def clear_signins(center_slug: str) -> None:
    """Empty the bench center's day: its assignments, jobs and sign-ins."""
    from dispatch.models import Assignment, DispatchDecision, LotteryDraw, SignIn
    from employers.models import Job

    Assignment.objects.filter(center__slug=center_slug).delete()
    DispatchDecision.objects.filter(center__slug=center_slug).delete()
    LotteryDraw.objects.filter(center__slug=center_slug).delete()
    Job.objects.filter(center__slug=center_slug).delete()
    SignIn.objects.filter(center__slug=center_slug).delete()


def morning_queue(center_slug: str, size: int) -> None:
    """Sign-in hours on a busy morning: ``size`` workers signed in, each with two skills."""
    from django.utils import timezone

    from centers.models import Center
    from dispatch.models import SignIn
    from workers.models import Worker

    center = Center.objects.get(slug=center_slug)
    workers = list(Worker.objects.filter(center=center, badge__lte=size).order_by("badge"))
    skills = _skills()
    Link = Worker.skills.through
    Link.objects.filter(worker__in=workers).delete()
    Link.objects.bulk_create(
        [Link(worker=w, skill=skills[(w.badge + k) % 3]) for w in workers for k in (0, 1)]
    )
    now = timezone.now()
    SignIn.objects.bulk_create(
        [SignIn(center=center, date=center.today(), worker=w, signed_in_at=now) for w in workers]
    )


def _skills() -> list:
    from workers.models import Skill

    return [
        Skill.objects.get_or_create(code=code, defaults={"name_en": code, "name_es": code})[0]
        for code in ("bench-painting", "bench-moving", "bench-gardening")
    ]


def morning_dispatch(center_slug: str, jobs: int = 10) -> None:
    """After the cutoff: the lottery drawn (the real service), ``jobs`` jobs posted and the
    first half of them filled by the first in line, as the desk sees the morning."""
    from decimal import Decimal

    from centers.models import Center
    from dispatch.models import Assignment, SignIn
    from dispatch.services import morning
    from employers.models import Employer, Job

    center = Center.objects.get(slug=center_slug)
    day = center.today()
    morning.lottery_draw(center=center, notify=False)
    employer, _ = Employer.objects.get_or_create(center=center, name="Bench Employer")
    posted = Job.objects.bulk_create(
        [
            Job(
                center=center,
                employer=employer,
                description=f"Bench job {n}: moving furniture and yard work",
                workers_needed=2,
                date=day,
                start_time=clock(8, 0),
                estimated_hours=Decimal("6.0"),
                hourly_wage=Decimal("25.00"),
                wage_floor=Decimal("20.00"),
                address="1 Bench St",
                status=Job.Status.FILLED if n < jobs // 2 else Job.Status.OPEN,
            )
            for n in range(jobs)
        ]
    )
    for job in posted:
        job.skills.set(_skills()[:1])
    sent = [(job, slot) for job in posted[: jobs // 2] for slot in (1, 2)]
    chosen = list(SignIn.objects.filter(center=center, date=day).order_by("position")[: len(sent)])
    Assignment.objects.bulk_create(
        [
            Assignment(
                center=center,
                job=job,
                worker_id=signin.worker_id,
                date=day,
                slot=slot,
                how=Assignment.How.LOTTERY,
            )
            for (job, slot), signin in zip(sent, chosen, strict=False)
        ]
    )
    SignIn.objects.filter(pk__in=[signin.pk for signin in chosen]).update(
        state=SignIn.State.DISPATCHED
    )


def browser_cookies(port: int, headers: dict[str, str]) -> str:
    """The cookies a browser holds after its first visit to the desk (its CSRF cookie), so
    the clients below send what a coordinator's browser sends."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/desk/", headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    kept = [
        header.split(";", 1)[0]
        for name, header in response.getheaders()
        if name.lower() == "set-cookie" and header.startswith("csrftoken=")
    ]
    return "".join(f"; {cookie}" for cookie in kept)


class Client(threading.Thread):
    def __init__(
        self, port: int, method: str, path: str, headers: dict[str, str], bodies, stop_at: float
    ):
        super().__init__(daemon=True)
        self.port, self.method, self.path, self.headers = port, method, path, headers
        self.bodies, self.stop_at = bodies, stop_at
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.perf_counter() < self.stop_at:
            body = next(self.bodies) if self.method == "POST" else None
            begin = time.perf_counter()
            try:
                conn.request(self.method, self.path, body=body, headers=self.headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.statuses[0] = self.statuses.get(0, 0) + 1
                continue
            self.latencies.append(time.perf_counter() - begin)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def run_target(
    port: int, target: str, clients: int, seconds: float, headers: dict[str, str], badges
) -> dict:
    """``clients`` keep-alive clients on ``target`` for ``seconds``: latencies and statuses."""
    method, path = target.split(" ", 1)
    if method == "POST":  # the API by token; a session cookie would also ask for CSRF
        headers = {k: v for k, v in headers.items() if k != "Cookie"}
    lock = threading.Lock()

    def bodies():
        while True:
            with lock:
                badge = next(badges)
            yield json.dumps({"badge": badge})

    stop_at = time.perf_counter() + seconds
    shared = bodies()
    threads = [Client(port, method, path, headers, shared, stop_at) for _ in range(clients)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses: dict[int, int] = {}
    for thread in threads:
        for status, n in thread.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        "target": target,
        "latencies": [x for t in threads for x in t.latencies],
        "elapsed": time.perf_counter() - begin,
        "statuses": statuses,
    }


def run_pair(
    port: int, target: str, clients: int, seconds: float, headers: dict[str, str], badges
) -> tuple[dict, dict]:
    """The bare view and ``target`` in alternating slices of a second or two, so both see the
    machine in the same state (its speed drifts from minute to minute): their figures."""
    slices = max(1, round(seconds / 1.5))
    runs: dict[str, list[dict]] = {BARE: [], target: []}
    for _ in range(slices):
        for name in (BARE, target):
            runs[name].append(run_target(port, name, clients, seconds / slices, headers, badges))
    return summary(BARE, runs[BARE]), summary(target, runs[target])


def summary(target: str, runs: list[dict]) -> dict:
    latencies = sorted(x for run in runs for x in run["latencies"])
    elapsed = sum(run["elapsed"] for run in runs)
    statuses: dict[int, int] = {}
    for run in runs:
        for status, n in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
            if latencies
            else float("nan")
        )

    return {
        "target": target,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "statuses": statuses,
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="HTTP load against gunicorn on 127.0.0.1")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn worker processes (as deployed)"
    )
    parser.add_argument(
        "--target", action="append", help='e.g. "GET /desk/" (default: desk page and sign-in API)'
    )
    parser.add_argument("--members", type=int, default=30000, help="workers at the bench center")
    parser.add_argument("--queue", type=int, default=300, help="workers signed in before the run")
    args = parser.parse_args(argv)
    targets = args.target or ["POST /api/v1/signins/", "GET /desk/"]
    django.setup()
    session, token, center_slug = prepare(args.members)
    clear_signins(center_slug)
    morning_queue(center_slug, args.queue)
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "-k",
            "sync",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        listening(port)
        headers = {
            "Cookie": f"sessionid={session}",
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Host": "127.0.0.1",
        }
        headers["Cookie"] += browser_cookies(port, headers)
        badges = itertools.count(args.queue + 1)
        # one short warm-up so every worker process has imported everything
        run_target(port, BARE, args.clients, 2, headers, badges)
        # Sign-ins come during sign-in hours, the desk is busiest after the draw: the POST
        # targets run first, then the morning is drawn and dispatched for the GET targets.
        # Each target alternates with the bare view, slice by slice, and is set against it.
        results = []
        for phase in ("POST", "GET"):
            if phase == "GET":
                morning_dispatch(center_slug)
            for target in [t for t in targets if t.startswith(phase)]:
                results += run_pair(port, target, args.clients, args.seconds, headers, badges)
    finally:
        server.terminate()
        server.wait(10)
        clear_signins(center_slug)
    print(
        f"{args.clients} clients, gunicorn {args.workers} sync workers on 127.0.0.1, {args.seconds:.0f} s per target"
    )
    print(
        f"{'target':26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'rps vs bare':>12} {'p99 vs bare':>12}  statuses"
    )
    bare = results[0]
    for r in results:
        if r["target"] == BARE:
            bare = r
        share = r["rps"] / bare["rps"]
        ratio = r["p99"] / bare["p99"]
        verdict = "" if r is bare else ("  met" if share >= 0.30 and ratio <= 5 else "  MISSED")
        print(
            f"{r['target']:26} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
            f"{share:>11.0%} {ratio:>11.1f}x  {r['statuses']}{verdict}"
        )
    return results


if __name__ == "__main__":
    main()
