"""Badge sign-ins per second through gunicorn on 127.0.0.1, as a share of a bare Django view
(/healthz) served by the same gunicorn in the same run."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import time as clock
from pathlib import Path

from bench import Row

CLIENTS = 6
REQUESTS_PER_CLIENT = 200
GUNICORN_WORKERS = 3  # as in docker-compose.yml
TARGET_SHARE = 0.30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _load(port: int, requests: list[list[tuple[str, str, bytes | None]]], token: str) -> float:
    """Send each client's requests over one keep-alive connection; requests per second."""
    errors: list[str] = []
    barrier = threading.Barrier(len(requests) + 1)

    def client(batch: list[tuple[str, str, bytes | None]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        barrier.wait()
        for method, path, body in batch:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 300:
                errors.append(f"{method} {path}: {response.status}")

    threads = [threading.Thread(target=client, args=(batch,)) for batch in requests]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return sum(len(batch) for batch in requests) / elapsed


def run() -> list[Row]:
    from rest_framework.authtoken.models import Token

    from centers.models import Center, StaffMembership, User
    from workers.models import Worker

    total = CLIENTS * REQUESTS_PER_CLIENT
    center = Center.objects.create(
        name="Bench HTTP", slug="bench-http", signin_opens=clock(0, 0), lottery_cutoff=clock(23, 59)
    )
    Worker.objects.bulk_create(
        Worker(center=center, badge=n, full_name=f"W {n}", known_as=f"W{n}")
        for n in range(1, total + 1)
    )
    user = User.objects.create(username="bench-desk")
    StaffMembership.objects.create(user=user, center=center, role="coordinator")
    token = Token.objects.create(user=user).key

    port = _free_port()
    env = {**os.environ, "DEBUG": "false", "NO_PROXY": "127.0.0.1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
    )
    try:
        _wait_up(port)
        bare_batches = [[("GET", "/healthz", None)] * REQUESTS_PER_CLIENT for _ in range(CLIENTS)]
        _load(port, [batch[:20] for batch in bare_batches], token)  # warm up
        bare = _load(port, bare_batches, token)
        badges = iter(range(1, total + 1))
        signin_batches = [
            [
                ("POST", "/api/v1/signins/", json.dumps({"badge": next(badges)}).encode())
                for _ in range(REQUESTS_PER_CLIENT)
            ]
            for _ in range(CLIENTS)
        ]
        signins = _load(port, signin_batches, token)
    finally:
        server.terminate()
        server.wait(timeout=10)
    share = signins / bare
    return [
        Row("bare Django view (/healthz) through gunicorn", bare, "r/s"),
        Row("badge sign-ins (POST /api/v1/signins/) through gunicorn", signins, "r/s"),
        Row(
            "sign-ins as a share of the bare view",
            share * 100,
            "%",
            f"≥ {TARGET_SHARE * 100:g} %",
            share >= TARGET_SHARE,
        ),
    ]


def main(argv: list[str] | None = None) -> bool:
    from bench import print_rows, throwaway_database

    with throwaway_database():
        return print_rows(run())
