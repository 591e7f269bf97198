"""Writes of the centers app: a center's settings and its waiting-room display links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .history import save_with_history
from .models import Center, DisplayLink, User

#: What a center admin may change on the settings page (``center_settings_update``).
SETTINGS_FIELDS = (
    "wage_floor",
    "signin_opens",
    "lottery_cutoff",
    "lottery_mode",
    "offer_timeout_minutes",
    "one_job_per_day",
    "decline_policy",
    "sms_name",
    "allow_remote_join",
    "remote_join_order",
    "remote_join_limit",
)
#: The most workers a center may let join the line by text in a day.
REMOTE_JOIN_LIMIT_MAX = 500
#: Bounds a wage floor must stay within (dollars per hour): above zero and believable.
WAGE_FLOOR_MAX = Decimal("200.00")
#: An SMS offer waits at least this long and at most this long for an answer (minutes).
OFFER_TIMEOUT_MIN, OFFER_TIMEOUT_MAX = 2, 120
#: A display link's "last used" is written at most this often (the screen polls every 5 s).
LAST_USED_EVERY = timedelta(minutes=1)


class SettingsError(ApplicationError):
    pass


def center_settings_check(*, values: dict[str, Any]) -> None:
    """The rules a center's settings keep; a refusal names the field and says why."""
    floor = values.get("wage_floor")
    if floor is not None and not (Decimal("0") < floor <= WAGE_FLOOR_MAX):
        raise SettingsError(
            _("The wage floor must be more than $0 and at most $%(max)s an hour.")
            % {"max": WAGE_FLOOR_MAX},
            field="wage_floor",
        )
    opens, cutoff = values.get("signin_opens"), values.get("lottery_cutoff")
    if isinstance(opens, time) and isinstance(cutoff, time) and cutoff <= opens:
        raise SettingsError(
            _("The lottery cutoff must be after sign-in opens (%(opens)s).")
            % {"opens": opens.strftime("%H:%M")},
            field="lottery_cutoff",
        )
    timeout = values.get("offer_timeout_minutes")
    if timeout is not None and not OFFER_TIMEOUT_MIN <= timeout <= OFFER_TIMEOUT_MAX:
        raise SettingsError(
            _("Give between %(min)s and %(max)s minutes to answer an offer.")
            % {"min": OFFER_TIMEOUT_MIN, "max": OFFER_TIMEOUT_MAX},
            field="offer_timeout_minutes",
        )
    if values.get("lottery_mode", Center.LotteryMode.UNIFORM) not in Center.LotteryMode.values:
        raise SettingsError(_("Unknown lottery mode."), field="lottery_mode")
    policy = values.get("decline_policy", Center.DeclinePolicy.KEEP_POSITION)
    if policy not in Center.DeclinePolicy.values:
        raise SettingsError(_("Unknown decline policy."), field="decline_policy")
    order = values.get("remote_join_order", Center.RemoteJoinOrder.AFTER_PRESENT)
    if order not in Center.RemoteJoinOrder.values:
        raise SettingsError(_("Unknown order for the line by text."), field="remote_join_order")
    limit = values.get("remote_join_limit")
    if limit is not None and not 1 <= limit <= REMOTE_JOIN_LIMIT_MAX:
        raise SettingsError(
            _("Let between 1 and %(max)s workers join by text a day.")
            % {"max": REMOTE_JOIN_LIMIT_MAX},
            field="remote_join_limit",
        )


@transaction.atomic
def center_settings_update(*, center: Center, by: User | Any, **values: Any) -> list[str]:
    """Change a center's settings; each change is kept in its audit history with who made
    it. Returns the names of the fields that changed (none: nothing is written)."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not a center setting: {sorted(unknown)}")
    center = Center.objects.select_for_update().get(pk=center.pk)
    merged = {name: getattr(center, name) for name in SETTINGS_FIELDS} | values
    center_settings_check(values=merged)
    changed = [name for name, value in values.items() if getattr(center, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(center, name, values[name])
    save_with_history(center, by=by, fields=changed)
    return changed


# --- display links ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def display_link_create(*, center: Center, label: str, by: User | Any) -> tuple[DisplayLink, str]:
    """A new display link and its secret token (returned once, never stored)."""
    label = (label or "").strip()
    if not label:
        raise SettingsError(_("Give the link a label, e.g. “Lobby TV”."), field="label")
    if len(label) > DisplayLink.LABEL_MAX:
        raise SettingsError(_("The label is too long."), field="label")
    token = secrets.token_urlsafe(24)
    link = DisplayLink(center=center, label=label, token_hash=_token_hash(token), created_by=by)
    save_with_history(link, by=by)
    return link, token


@transaction.atomic
def display_link_revoke(*, link: DisplayLink, by: User | Any) -> DisplayLink:
    """Revoke a display link: the screen holding it shows nothing any more."""
    link = DisplayLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        save_with_history(link, by=by, fields=["revoked_at"])
    return link


def display_link_use(*, slug: str, token: str) -> DisplayLink | None:
    """The live link of center ``slug`` with this token, marked as used; else None."""
    if not token or len(token) > 100:
        return None
    link = (
        DisplayLink.objects.filter(
            center__slug=slug, token_hash=_token_hash(token), revoked_at__isnull=True
        )
        .select_related("center")
        .first()
    )
    if link is None:
        return None
    now = timezone.now()
    if link.last_used_at is None or now - link.last_used_at >= LAST_USED_EVERY:
        # No history row: a screen's polling is not a change anyone needs to audit.
        DisplayLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link
