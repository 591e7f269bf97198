"""Build the image's way and serve in production mode, without a Docker engine.

1. Runs the Dockerfile's own RUN steps (its ENV applied) that build the application:
   everything except the image-level installs and its user (apt-get, pip install, useradd,
   chown to that user), which the virtualenv and the CI user stand in for. Static files go
   to a temporary STATIC_ROOT.
2. Starts the web service exactly as docker-compose.yml's ``web`` command does (migrate, then
   gunicorn with config/gunicorn.py; the Dockerfile's CMD must be that same gunicorn command)
   in production mode on a loopback port, against a throwaway PostgreSQL database and Redis.
3. Checks, as a browser behind the TLS proxy would: the login page is 200 and its hashed
   static URLs answer 200; /readyz is 200; the compose health check command itself (plain
   http to 127.0.0.1, a Host outside ALLOWED_HOSTS) passes.
4. Searches by phone and by name (pages and API, a 404 and the inputs that once gave a 500,
   each with a query string and a referrer), stops gunicorn and greps every log it wrote:
   no phone digits and no searched name may appear.

Needs DATABASE_URL (any database on the PostgreSQL server; a throwaway one is made beside it)
and CELERY_BROKER_URL (Redis). Run from the repository root: ``.venv/bin/python
.ci/build_and_serve.py``. Exits non-zero on the first failed check.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HOST = "jornada.example.org"
SKIPPED = ("apt-get ", "rm -rf /var/lib/apt", "pip install", "useradd ", "chown ")
PHONE = "909-555-0164"
NAME = "Nicolás Gómez"
#: What must never reach a log: the phone's digit runs in any spelling, the name's parts.
FORBIDDEN = [
    "909-555-0164",
    "9095550164",
    "5550164",
    "555-0164",
    "19095550164",
    "Nicol",
    "Gómez",
    "G%C3%B3mez",
    "G%c3%b3mez",
]
checks: list[str] = []


def check(condition: bool, what: str) -> None:
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    checks.append(what)
    print(f"ok  {what}", flush=True)


def dockerfile() -> tuple[dict[str, str], list[str], list[str]]:
    """The Dockerfile's ENV, its RUN commands (split on &&) and its CMD."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    env: dict[str, str] = {}
    runs: list[str] = []
    cmd: list[str] = []
    for line in text.splitlines():
        word, _, rest = line.strip().partition(" ")
        if word == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
        elif word == "RUN":
            runs += [part.strip() for part in rest.split("&&")]
        elif word == "CMD":
            cmd = json.loads(rest)
    return env, runs, cmd


def compose_web() -> tuple[list[str], list[str], dict[str, str]]:
    web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]
    command = shlex.split(web["command"]) if isinstance(web["command"], str) else web["command"]
    return command, web["healthcheck"]["test"], dict(web.get("environment") or {})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(database_url: str, sql: str) -> None:
    subprocess.run(["psql", database_url, "-qc", sql], check=True, stdout=subprocess.DEVNULL)


class Browser:
    """Requests as they arrive from the TLS proxy: the site's Host, X-Forwarded-Proto https,
    cookies kept by hand (they are Secure, so no cookie jar sends them over plain http)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookies: dict[str, str] = {}  # name → the whole Set-Cookie header

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
                self.set_cookies[name] = value
        text = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    check(False, f"gunicorn listens on 127.0.0.1:{port}")


def main() -> None:
    base_url = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not base_url.startswith("postgres") or not broker.startswith("redis"):
        sys.exit("build_and_serve: set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")
    work = Path(tempfile.mkdtemp(prefix="jornada-serve-"))
    parsed = urllib.parse.urlsplit(base_url)
    db_name = f"jornada_serve_{os.getpid()}"
    database_url = urllib.parse.urlunsplit(parsed._replace(path=f"/{db_name}"))
    admin_url = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    venv_bin = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}

    # 1. The Dockerfile's build steps.
    docker_env, runs, cmd = dockerfile()
    check(docker_env.get("DJANGO_ENV") == "production", "the image runs in production mode")
    build_env = {**env, **docker_env, "STATIC_ROOT": str(work / "static")}
    steps = [run for run in runs if not run.startswith(SKIPPED)]
    check(bool(steps), "the Dockerfile has build steps besides the installs")
    for step in steps:
        print(f"--> RUN {step}", flush=True)
        result = subprocess.run(["sh", "-c", step], cwd=ROOT, env=build_env)
        check(result.returncode == 0, f"Dockerfile step succeeds: {step}")
    check((work / "static" / "staticfiles.json").exists(), "collectstatic wrote the manifest")

    # 2. The compose web command, in production, on a loopback port.
    command, healthcheck, compose_env = compose_web()
    check(command[:2] == ["sh", "-c"], "the compose web command is a shell line")
    gunicorn_line = command[2].split("&&")[-1].split()
    check(gunicorn_line == cmd, "the Dockerfile's CMD is the compose web command's gunicorn")
    port = free_port()
    access_log, error_log, output = work / "access.log", work / "error.log", work / "output.log"
    serve_env = {
        **build_env,
        **{k: str(v) for k, v in compose_env.items()},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "serve-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "SMS_BACKEND": "console",
        "GUNICORN_CMD_ARGS": (
            f"--bind 127.0.0.1:{port} --workers 2 --access-logfile {access_log} "
            f"--error-logfile {error_log}"
        ),
    }
    psql(admin_url, f"DROP DATABASE IF EXISTS {db_name}")
    psql(admin_url, f"CREATE DATABASE {db_name}")
    server = None
    try:
        with output.open("wb") as out:
            print(f"--> {shlex.join(command)}", flush=True)
            server = subprocess.Popen(
                command,
                cwd=ROOT,
                env=serve_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            wait_for_port(port, server)
            setup = (
                "from centers.models import Center, User; "
                "Center.objects.create(name='Serve', slug='serve', timezone='America/Los_Angeles'); "
                "User.objects.create_superuser('serve-admin', password='serve-Pass-2931')"
            )
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", setup],
                cwd=ROOT,
                env=serve_env,
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            serve_checks(port, healthcheck, env)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        psql(admin_url, f"DROP DATABASE IF EXISTS {db_name}")

    # 4. Every log gunicorn and Django wrote.
    logs = {
        path.name: path.read_text("utf-8", "replace") for path in (access_log, error_log, output)
    }
    check("/workers/?q=•••" in logs["access.log"], "the access log has the searches, masked")
    for name, text in logs.items():
        leaked = [word for word in FORBIDDEN if word.lower() in text.lower()]
        check(not leaked, f"{name} holds no phone number and no searched name {leaked or ''}")
    shutil.rmtree(work)
    print(f"\nbuild_and_serve: {len(checks)} passed, 0 failed", flush=True)


def serve_checks(port: int, healthcheck: list[str], env: dict[str, str]) -> None:
    browser = Browser(port)
    status, _, page = browser.request("GET", "/accounts/login/")
    check(status == 200, f"the login page answers 200 (got {status})")
    hashed = re.findall(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)", page)
    check(bool(hashed), "the login page links hashed static files")
    for url in hashed:
        status, _, content = browser.request("GET", url)
        check(status == 200 and len(content) > 100, f"{url} answers 200 (got {status})")
    status, _, body = browser.request("GET", "/readyz")
    check(status == 200 and json.loads(body)["status"] == "ok", f"/readyz is ready ({body})")
    probe = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in healthcheck[1:]]
    check(healthcheck[0] == "CMD", "the compose health check is a CMD")
    result = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=30)
    check(result.returncode == 0, f"the compose health check passes {result.stderr[-300:]}")
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    plain.request("GET", "/accounts/login/")
    answer = plain.getresponse()
    check(answer.status == 400, "a page still refuses a Host outside ALLOWED_HOSTS")

    # Log in (the form, with its CSRF token) and search as the desk does.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    check(token is not None, "the login form has a CSRF token")
    status, _, _ = browser.request(
        "POST",
        "/accounts/login/",
        {
            "username": "serve-admin",
            "password": "serve-Pass-2931",
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        Referer=f"https://{HOST}/accounts/login/",
    )
    check(status == 302, f"logging in redirects (got {status})")
    status, headers, page = browser.request("GET", "/workers/")
    check("script-src 'self'" in headers.get("content-security-policy", ""), "pages send a CSP")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    status, _, _ = browser.request(
        "POST",
        "/language/",
        {
            "language": "es",
            "next": "/workers/",
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        Referer=f"https://{HOST}/workers/",
    )
    check(status == 302, f"the language switch redirects (got {status})")
    for name in ("sessionid", "csrftoken", "django_language"):
        header = browser.set_cookies.get(name, "")
        check("; Secure" in header, f"the {name} cookie is Secure")
    status, _, body = Browser(port).request(
        "POST", "/api/v1/auth/token/", {"username": "serve-admin", "password": "serve-Pass-2931"}
    )
    check(status == 200, f"the API gives a token (got {status})")
    api = {"Authorization": f"Token {json.loads(body)['token']}"}
    quoted_name = urllib.parse.quote(NAME)
    searches = [
        (f"/workers/?q={PHONE}", {}),
        (f"/workers/?q={quoted_name}", {}),
        (f"/workers/?q={quoted_name}&status=active", {}),
        ("/employers/?q=%2B19095550164", {}),
        (f"/jobs/?q={quoted_name}&date=garbage", {}),
        (f"/claims/?q={PHONE}", {}),
        (f"/no-such-page/?q={quoted_name}&phone={PHONE}", {}),
        ("/api/v1/signins/?search=%2B19095550164", api),
        (f"/api/v1/workers/?search={quoted_name}", api),
        (f"/api/v1/no-such/?search={PHONE}", api),
        (f"/reports/?start=9999-12-30&q={quoted_name}", {}),
    ]
    statuses = []
    for path, extra in searches:
        referer = f"https://{HOST}/workers/?q={quoted_name}&p=19095550164"
        status, _, _ = browser.request("GET", path, Referer=referer, **extra)
        statuses.append(f"{status} {path.split('?')[0]}")
    print("    searched: " + ", ".join(statuses), flush=True)
    check(any(s.startswith("200 /workers/") for s in statuses), "the worker search answers 200")
    check(any(s.startswith("404 ") for s in statuses), "a missing page answers 404")


if __name__ == "__main__":
    main()
