from __future__ import annotations

from centers.errors import ApplicationError, Conflict


class DispatchError(ApplicationError):
    """A rule of sign-in, lottery, dispatch or job posting said no."""


class OutOfTurnError(DispatchError):
    """A worker chosen by hand would go ahead of the line: the coordinator must say why."""

    code = "reason_required"


class DispatchConflict(Conflict):
    """Someone else got there first (a slot, an offer, a worker)."""


class ClaimError(ApplicationError):
    """A wage claim rule said no."""
