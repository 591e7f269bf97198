"""Per sending number rate limit, shared by every worker process through Redis.

A token bucket kept as its "theoretical arrival time" (GCRA), one per sending number
(``sms:rate:<number>``), the clock Redis's, the same for every process. Two classes of text
share it, urgent first:

- an **urgent** text (an offer, an answer to the worker's own text) *reserves* its
  segments' worth of time on the number's schedule and learns how long to wait for its
  turn (``reserve``). Reservations queue up in order, so urgent texts drain at exactly the
  rate, each behind the urgent ones before it and at most the one text being sent now.
- an **informational** text (lottery number, reminder, payment check) never reserves
  future time on that schedule: it only takes the bucket when it is free right now
  (``take_if_free``), else it learns how long the bucket stays busy and tries again later.
  So it uses what the urgent texts leave. To keep informational texts from all waking at
  once, each first draws a ticket on the number's informational lane
  (``sms:rate:<number>:info``, ``ticket``): a second schedule at the same rate that spaces
  their tries one slot apart.
"""

from __future__ import annotations

import threading

import redis
from django.conf import settings

RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local new_tat = tat + cost * interval
redis.call('SET', KEYS[1], string.format('%.6f', new_tat),
           'PX', math.ceil((new_tat - now) * 1000) + 1000)
return string.format('%.6f', wait)
"""

# The same bucket, taken only when free now: returns 0 when taken, else the seconds until
# it is free (and takes nothing).
TAKE_IF_FREE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait > 0 then return string.format('%.6f', wait) end
local new_tat = tat + cost * interval
redis.call('SET', KEYS[1], string.format('%.6f', new_tat),
           'PX', math.ceil((new_tat - now) * 1000) + 1000)
return '0'
"""

_lock = threading.Lock()
_scripts: dict[tuple[str, str], object] = {}


def _script(url: str, source: str):
    with _lock:
        if (url, source) not in _scripts:
            client = redis.Redis.from_url(url, socket_timeout=5)
            _scripts[url, source] = client.register_script(source)
        return _scripts[url, source]


def _run(source: str, key: str, segments: int) -> float:
    """Run one bucket script; 0 (no limit) without a Redis URL or with a rate of 0."""
    rate = settings.SMS_RATE_PER_SECOND
    url = settings.SMS_RATE_REDIS_URL
    if rate <= 0 or not url:
        return 0.0
    burst = max(1.0, settings.SMS_RATE_BURST)
    interval = 1.0 / rate
    wait = _script(url, source)(
        keys=[key], args=[interval, (burst - 1) * interval, max(1, segments)]
    )
    return float(wait)


def reserve(number: str, segments: int) -> float:
    """Urgent: reserve the time to send ``segments`` from ``number``; the seconds to wait
    for that turn, 0 when it may go now."""
    return _run(RESERVE, f"sms:rate:{number}", segments)


def take_if_free(number: str, segments: int) -> float:
    """Informational: take the number's bucket if it is free now (0: send now); else the
    seconds it stays busy, with nothing taken."""
    return _run(TAKE_IF_FREE, f"sms:rate:{number}", segments)


def ticket(number: str, segments: int) -> float:
    """Informational: a turn on the number's informational lane; the seconds until it."""
    return _run(RESERVE, f"sms:rate:{number}:info", segments)
