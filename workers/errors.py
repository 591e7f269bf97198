from __future__ import annotations

from centers.errors import ApplicationError, Conflict


class RegistryError(ApplicationError):
    """A rule of the worker registry said no (bad phone, duplicate, unknown skill, …)."""


class RegistryConflict(Conflict):
    """The row has history that must be kept."""


class BadgeError(RegistryError):
    """What was scanned or typed is no badge of this center (mistyped, another center's card)."""


class ActivityError(ApplicationError):
    """A rule of activities and attendance said no (bad duration, a completed activity, …)."""


class ActivityConflict(Conflict):
    """The activity is full, or the worker's attendance is already recorded."""
