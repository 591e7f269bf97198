"""Writes of the centers app: a center's settings and its waiting-room display links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .history import save_with_history
from .models import AssemblyDecision, Center, DisplayLink, User, WageFloor

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
    "demographics_enabled",
    "orientation_required",
)
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
    if "wage_floor" in changed:
        wage_floor_set(center=center, starts_on=center.today(), amount=values["wage_floor"])
    for name in changed:
        setattr(center, name, values[name])
    save_with_history(center, by=by, fields=changed)
    return changed


# --- wage floor history and the assembly's decisions --------------------------------------

#: The first row of a center's floor history starts here: "since always".
FLOOR_SINCE_ALWAYS = date(1970, 1, 1)
#: Dues an assembly may set (dollars per period): zero (no dues) up to this.
DUES_MAX = Decimal("1000.00")


def wage_floor_set(
    *, center: Center, starts_on: date, amount: Decimal, decision: AssemblyDecision | None = None
) -> WageFloor:
    """Write the floor in force from ``starts_on`` on. The first change also writes the floor
    until then (the center's current one), so earlier days keep the floor they had."""
    if not WageFloor.objects.filter(center=center).exists():
        WageFloor.objects.create(
            center=center, starts_on=FLOOR_SINCE_ALWAYS, amount=center.wage_floor
        )
    row, _created = WageFloor.objects.update_or_create(
        center=center, starts_on=starts_on, defaults={"amount": amount, "decision": decision}
    )
    return row


def _decision_value(setting: str, text: str) -> Any:
    """The decision's new value, parsed and checked as the settings page checks it."""
    text = (text or "").strip().removeprefix("$")
    if setting == AssemblyDecision.Setting.LOTTERY_MODE:
        if text not in Center.LotteryMode.values:
            raise SettingsError(_("Unknown lottery mode."), field="value")
        return text
    if setting == AssemblyDecision.Setting.OFFER_TIMEOUT:
        if not text.isdigit():
            raise SettingsError(_("Enter a whole number of minutes."), field="value")
        value: Any = int(text)
    elif setting in (AssemblyDecision.Setting.WAGE_FLOOR, AssemblyDecision.Setting.DUES_AMOUNT):
        try:
            value = Decimal(text).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise SettingsError(_("Enter an amount in dollars."), field="value") from None
        if not value.is_finite():
            raise SettingsError(_("Enter an amount in dollars."), field="value")
    else:
        raise SettingsError(_("Choose the setting the assembly decided on."), field="setting")
    if setting == AssemblyDecision.Setting.DUES_AMOUNT:
        if not Decimal("0") <= value <= DUES_MAX:
            raise SettingsError(
                _("Dues must be between $0 and $%(max)s.") % {"max": DUES_MAX}, field="value"
            )
        return value
    try:
        center_settings_check(values={setting: value})
    except SettingsError as exc:
        raise SettingsError(exc.message, field="value") from None
    return value


@transaction.atomic
def decision_record(
    *,
    center: Center,
    by: User | Any,
    setting: str,
    value: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    assembly_date: date,
    effective_date: date,
    note: str = "",
) -> AssemblyDecision:
    """Record what the assembly decided. A wage floor enters the floor history at once (jobs
    for later dates are held to it); every setting changes on its date by itself
    (``decisions_apply_due``), today's at once."""
    parsed = _decision_value(setting, value)
    if votes_for <= votes_against:
        raise SettingsError(
            _("The vote did not pass (%(for)s for, %(against)s against): nothing changes.")
            % {"for": votes_for, "against": votes_against},
            field="votes_for",
        )
    today = center.today()
    if assembly_date > today:
        raise SettingsError(_("The assembly cannot be in the future."), field="assembly_date")
    if effective_date < max(assembly_date, today):
        raise SettingsError(
            _("The decision takes effect today or later, never before the assembly."),
            field="effective_date",
        )
    decision = AssemblyDecision(
        center=center,
        setting=setting,
        value=str(parsed),
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        assembly_date=assembly_date,
        effective_date=effective_date,
        note=(note or "").strip()[:255],
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    save_with_history(decision, by=by)
    if setting == AssemblyDecision.Setting.WAGE_FLOOR:
        wage_floor_set(center=center, starts_on=effective_date, amount=parsed, decision=decision)
    if effective_date <= today:
        decision_apply(decision_id=decision.pk)
        decision.refresh_from_db()
    return decision


@transaction.atomic
def decision_apply(*, decision_id: int) -> bool:
    """Change the setting a decision is about, once: a decision already applied is left
    alone (the task may run twice). The center's audit history names the decision."""
    decision = AssemblyDecision.objects.select_for_update().get(pk=decision_id)
    if decision.applied_at is not None:
        return False
    center = Center.objects.select_for_update().get(pk=decision.center_id)
    if decision.effective_date > center.today():
        return False
    value = _decision_value(decision.setting, decision.value)
    if getattr(center, decision.setting) != value:
        setattr(center, decision.setting, value)
        save_with_history(
            center, by=decision.recorded_by, reason=decision.reason(), fields=[decision.setting]
        )
    decision.applied_at = timezone.now()
    save_with_history(decision, by=decision.recorded_by, fields=["applied_at"])
    return True


def decisions_apply_due() -> int:
    """Apply every decision whose effective date has come at its center (local date): run
    every few minutes, it changes a setting shortly after the center's midnight."""
    # A day ahead of UTC covers every time zone; each center's own date decides.
    horizon = timezone.now().date() + timedelta(days=1)
    pending = AssemblyDecision.objects.filter(
        applied_at__isnull=True, effective_date__lte=horizon
    ).values_list("pk", flat=True)
    return sum(decision_apply(decision_id=pk) for pk in list(pending))


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
