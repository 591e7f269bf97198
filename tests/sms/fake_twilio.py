"""A fake Twilio REST API on 127.0.0.1 for the real SDK: tests and the benchmark use it.

It checks what Twilio checks (the account in the path, Basic auth, the form fields) and
answers as Twilio does: 201 with a message resource, or an error document. Each POST takes
the next scripted outcome (``script``) or the default one: ``201``, ``429``, ``500``,
``21610`` (opted out), ``21211`` (invalid number), ``30006`` or ``timeout`` (the request is
held until ``release()`` or ``hold_seconds``, then accepted: the client saw no answer but the
message exists). Fetch and list of messages are served from what it accepted.

Calls (``Calls.json``) take the same outcomes: a POST needs ``To``, ``From`` and ``Url`` and
gets a call resource (``CA…``, status ``queued``); fetch and list serve what it accepted.
``calls_posted()`` lists the call requests, ``posts()`` every POST.
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "f" * 32
AUTH_TOKEN = "fake-twilio-auth-token"

ERRORS = {
    "429": (429, 20429, "Too Many Requests"),
    "500": (500, 20500, "Internal Server Error"),
    "21610": (400, 21610, "Attempt to send to unsubscribed recipient"),
    "21211": (400, 21211, "The 'To' number is not a valid phone number."),
    "30006": (400, 30006, "Landline or unreachable carrier"),
}


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    authorized: bool
    at: float
    outcome: str = ""
    sid: str = ""


@dataclass
class FakeTwilio:
    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    latency: float = 0.0
    default: str = "201"
    hold_seconds: float = 10.0
    requests: list[Recorded] = field(default_factory=list)
    messages: dict[str, dict] = field(default_factory=dict)
    calls: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._script: deque[str] = deque()
        self._ids = itertools.count(1)
        # SIDs unique across instances: the outbox's provider_sid is unique, and a
        # benchmark's rows outlive its fake.
        self._prefix = secrets.token_hex(4)
        self.released = threading.Event()
        self.holding = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # --- control ---------------------------------------------------------------------

    def start(self) -> FakeTwilio:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.request_queue_size = 1024
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def script(self, *outcomes: str) -> None:
        with self._lock:
            self._script.extend(outcomes)

    def release(self) -> None:
        self.released.set()

    def posts(self, to: str | None = None) -> list[Recorded]:
        with self._lock:
            return [
                r
                for r in self.requests
                if r.method == "POST" and (to is None or r.form.get("To") == to)
            ]

    def calls_posted(self, to: str | None = None) -> list[Recorded]:
        return [r for r in self.posts(to) if r.path.endswith("/Calls.json")]

    def accepted(self) -> list[Recorded]:
        return [r for r in self.posts() if r.sid]

    # --- behaviour -------------------------------------------------------------------

    def _next_outcome(self) -> str:
        with self._lock:
            return self._script.popleft() if self._script else self.default

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self.requests.append(recorded)

    def _create(self, form: dict[str, str]) -> dict:
        now = datetime.now(UTC)
        sid = f"SM{self._prefix}{next(self._ids):024x}"
        resource = {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": format_datetime(now, usegmt=True),
            "date_updated": format_datetime(now, usegmt=True),
            "date_sent": None,
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        with self._lock:
            self.messages[sid] = resource
        return resource

    def _create_call(self, form: dict[str, str]) -> dict:
        now = datetime.now(UTC)
        sid = f"CA{next(self._ids):032x}"
        resource = {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": form.get("To"),
            "from": form.get("From"),
            "status": "queued",
            "direction": "outbound-api",
            "duration": None,
            "answered_by": None,
            "price": None,
            "price_unit": "USD",
            "date_created": format_datetime(now, usegmt=True),
            "date_updated": format_datetime(now, usegmt=True),
            "start_time": None,
            "end_time": None,
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Calls/{sid}.json",
        }
        with self._lock:
            self.calls[sid] = resource
        return resource


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms stall between headers and body
    server_fake: FakeTwilio

    def log_message(self, format: str, *args: object) -> None:
        return  # quiet

    def _authorized(self) -> bool:
        fake = self.server_fake
        expected = base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
        return self.headers.get("Authorization", "") == f"Basic {expected}"

    def _send(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _error(self, status: int, code: int, message: str) -> None:
        self._send(status, {"code": code, "message": message, "status": status})

    def _messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.server_fake.account_sid}/Messages"

    def _calls_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.server_fake.account_sid}/Calls"

    def do_POST(self) -> None:
        fake = self.server_fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        recorded = Recorded("POST", self.path, form, self._authorized(), time.time())
        fake._record(recorded)
        if not recorded.authorized:
            return self._error(401, 20003, "Authenticate")
        is_call = self.path == self._calls_path() + ".json"
        if self.path != self._messages_path() + ".json" and not is_call:
            return self._error(404, 20404, "The requested resource was not found")
        required = ("To", "From", "Url") if is_call else ("To", "From", "Body")
        if not all(form.get(name) for name in required):
            return self._error(400, 21604, f"{', '.join(required)} are required")
        if fake.latency:
            time.sleep(fake.latency)
        outcome = recorded.outcome = fake._next_outcome()
        if outcome == "timeout":
            fake.holding.set()
            fake.released.wait(fake.hold_seconds)
        elif outcome in ERRORS:
            return self._error(*ERRORS[outcome])
        resource = fake._create_call(form) if is_call else fake._create(form)
        recorded.sid = resource["sid"]
        return self._send(201, resource)

    def do_GET(self) -> None:
        fake = self.server_fake
        parsed = urlparse(self.path)
        fake._record(Recorded("GET", self.path, {}, self._authorized(), time.time()))
        if not self._authorized():
            return self._error(401, 20003, "Authenticate")
        if parsed.path.startswith(self._calls_path()):
            return self._get_calls(parsed)
        base = self._messages_path()
        if parsed.path == base + ".json":
            query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
            with fake._lock:
                found = [
                    m
                    for m in reversed(list(fake.messages.values()))
                    if m["to"] == query.get("To", m["to"])
                    and m["from"] == query.get("From", m["from"])
                ]
            return self._send(
                200,
                {
                    "messages": found[:50],
                    "next_page_uri": None,
                    "page": 0,
                    "page_size": 50,
                    "uri": self.path,
                },
            )
        if parsed.path.startswith(base + "/") and parsed.path.endswith(".json"):
            sid = parsed.path[len(base) + 1 : -len(".json")]
            with fake._lock:
                resource = fake.messages.get(sid)
            if resource is None:
                return self._error(404, 20404, "The requested resource was not found")
            return self._send(200, resource)
        return self._error(404, 20404, "The requested resource was not found")

    def _get_calls(self, parsed) -> None:
        fake, base = self.server_fake, self._calls_path()
        if parsed.path == base + ".json":
            query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
            with fake._lock:
                found = [
                    c
                    for c in reversed(list(fake.calls.values()))
                    if c["to"] == query.get("To", c["to"])
                    and c["from"] == query.get("From", c["from"])
                ]
            page = {"calls": found[:50], "next_page_uri": None, "page": 0, "page_size": 50}
            return self._send(200, page | {"uri": self.path})
        sid = parsed.path[len(base) + 1 : -len(".json")]
        with fake._lock:
            resource = fake.calls.get(sid)
        if resource is None:
            return self._error(404, 20404, "The requested resource was not found")
        return self._send(200, resource)
