"""Per sending number rate limit, shared by every worker process through Redis.

A token bucket kept as its "theoretical arrival time" (GCRA): each send reserves its
segments' worth of time on the number's schedule and learns how long to wait before its
turn. Reservations queue up in order, so a backlog drains at exactly the configured rate
with no polling, and the clock is Redis's, the same for every process.
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

_lock = threading.Lock()
_scripts: dict[str, object] = {}


def _script(url: str):
    with _lock:
        if url not in _scripts:
            _scripts[url] = redis.Redis.from_url(url, socket_timeout=5).register_script(RESERVE)
        return _scripts[url]


def reserve(number: str, segments: int) -> float:
    """Seconds to wait before sending ``segments`` from ``number``; 0 when it may go now.

    Without a Redis URL or with a rate of 0 there is no limit."""
    rate = settings.SMS_RATE_PER_SECOND
    url = settings.SMS_RATE_REDIS_URL
    if rate <= 0 or not url:
        return 0.0
    burst = max(1.0, settings.SMS_RATE_BURST)
    interval = 1.0 / rate
    wait = _script(url)(
        keys=[f"sms:rate:{number}"], args=[interval, (burst - 1) * interval, max(1, segments)]
    )
    return float(wait)
