"""Login throttling with django-axes, per account and per address.

``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]``: the failures of one
account from one address count against ``AXES_FAILURE_LIMIT`` (a person mistyping), and all
failures from one address, whatever the usernames, against the higher
``AXES_ADDRESS_FAILURE_LIMIT`` (one password tried on every username). A center's staff often
share one address, hence the higher second limit. Axes has one limit for every parameter, so
``LockoutHandler`` scales the address's count onto it.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from centers.errors import ApplicationError


class LoginLocked(ApplicationError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS  # type: ignore[assignment]
    code = "locked_out"

    def __init__(self) -> None:
        super().__init__(
            _("Too many wrong passwords: logins are paused for a few minutes. Try again later.")
        )


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the per-address limit of ``AXES_ADDRESS_FAILURE_LIMIT``."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        counts = [
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) != 2:  # AXES_LOCKOUT_PARAMETERS changed: axes' own rule
            return max(counts, default=0)
        per_account, per_address = counts
        limit = get_failure_limit(request, credentials)
        # per_address reaches the address limit exactly when the scaled count reaches `limit`.
        return max(per_account, per_address * limit // settings.AXES_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request: Any, credentials: dict | None = None) -> int:
        """A right password clears that account's failures from this address only: logging
        in to one's own account must not wipe the address's failures on other accounts."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_attempts.delete()
        return count


def is_locked(request: Any, username: object) -> bool:
    return AxesProxyHandler.is_locked(
        request, get_credentials(username if isinstance(username, str) else None)
    )
