"""What a job posting needs from the apps above ``employers``, filled in by their ``ready()``.

``employers`` sits below ``dispatch`` and ``wages`` (docs/layout.md) and imports neither. Three
answers come from above: cancelling a job releases the workers sent to it and withdraws its
offers (``dispatch``), the cancel page lists who is told (``dispatch``), and an employer with an
open wage claim is flagged at every posting (``wages``: which claim statuses count as open).
Each is one function registered here once, the way ``sms.replies`` takes its reply handler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

_registry: dict[str, Callable[..., Any]] = {}


def hook_register(name: str, function: Callable[..., Any]) -> None:
    if name not in (
        "job_release",
        "job_cancel_told",
        "open_claim_statuses",
        "job_day_release",
        "job_has_workers",
    ):
        raise ValueError(f"no hook named {name!r}")
    _registry[name] = function


def _hook(name: str) -> Callable[..., Any]:
    try:
        return _registry[name]
    except KeyError:
        raise RuntimeError(f"nothing registered the {name!r} hook of employers") from None


def job_release(*, job: Any, reason: str, by: Any) -> None:
    """Release the job's dispatched workers and withdraw its pending offers, telling them."""
    _hook("job_release")(job=job, reason=reason, by=by)


def job_cancel_told(job: Any) -> list[dict[str, Any]]:
    """Who is told when ``job`` is cancelled: rows of ``worker``, ``dispatched``, ``by_sms``."""
    return _hook("job_cancel_told")(job)


def open_claim_statuses() -> Sequence[str]:
    """The wage-claim statuses that flag an employer."""
    return _hook("open_claim_statuses")()


def job_day_release(*, job: Any, day: Any, reason: str, by: Any) -> None:
    """Release the workers sent to ``job`` for the date ``day`` only, telling them."""
    _hook("job_day_release")(job=job, day=day, reason=reason, by=by)


def job_has_workers(job: Any) -> bool:
    """Whether any worker is sent to (or has worked) ``job``."""
    return bool(_hook("job_has_workers")(job))
