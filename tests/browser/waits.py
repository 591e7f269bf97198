"""Waiting for a page's state under its Content-Security-Policy.

``page.wait_for_function`` with a string compiles the predicate inside the page with
``new Function`` whenever it has to poll, which the policy (``script-src 'self'``, no
``unsafe-eval``) refuses: the test then fails or passes by how fast the page was. Here the
test polls instead, each check a DevTools call the policy does not apply to."""

from __future__ import annotations

import time

from playwright.sync_api import Error


def wait_until(page, expression: str, *, timeout: float = 10.0, every: float = 0.05) -> None:
    """Wait until the JavaScript ``expression`` is true in the page (an expression that
    throws, say before a script has loaded, or a page being replaced, counts as not yet);
    fail saying which."""
    check = f"() => {{ try {{ return Boolean({expression}); }} catch (error) {{ return false; }} }}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(check):
                return
        except Error as exc:  # the page navigated during the check
            if "context was destroyed" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {expression}")
        page.wait_for_timeout(every * 1000)
