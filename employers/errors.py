from __future__ import annotations

from centers.errors import ApplicationError, Conflict


class DispatchError(ApplicationError):
    """A rule of sign-in, lottery, dispatch or job posting said no."""


class DispatchConflict(Conflict):
    """Someone else got there first (a slot, an offer, a worker)."""
