from __future__ import annotations

from centers.errors import ApplicationError
from employers.errors import DispatchConflict, DispatchError

__all__ = ["ClaimError", "DispatchConflict", "DispatchError", "OutOfTurnError"]


class OutOfTurnError(DispatchError):
    """A worker chosen by hand would go ahead of the line: the coordinator must say why."""

    code = "reason_required"


class ClaimError(ApplicationError):
    """A wage claim rule said no."""
