"""Demo centers and users (development only; password ``jornada-demo``)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from .models import Center, StaffMembership, User
from .services import decision_record

DEMO_PASSWORD = "jornada-demo"  # noqa: S105 - development-only demo data, written in the README

CENTERS = [
    {
        "slug": "pomona",
        "name": "Pomona Economic Opportunity Center",
        "timezone": "America/Los_Angeles",
        "address": "1682 W Mission Blvd, Pomona, CA",
        "phone": "+19094610000",
        "sms_number": "+19095550100",
        "wage_floor": Decimal("20.00"),
        "signin_opens": time(6, 0),
        "lottery_cutoff": time(7, 30),
        "lottery_mode": Center.LotteryMode.TIERED,
    },
    {
        "slug": "graton",
        "name": "Graton Day Labor Center",
        "timezone": "America/Los_Angeles",
        "address": "2981 Bodega Ave, Petaluma, CA",
        "phone": "+17075550000",
        "sms_number": "+17075550100",
        "wage_floor": Decimal("23.00"),
        "signin_opens": time(6, 30),
        "lottery_cutoff": time(8, 0),
        "lottery_mode": Center.LotteryMode.DEFICIT,
        "expired_member_policy": Center.ExpiredMemberPolicy.LOWER_TIER,
    },
]

#: (username, center, role, language, first name, last name): the name signs letters.
STAFF = [
    ("pomona-desk", "pomona", StaffMembership.Role.COORDINATOR, "es", "Marisol", "Reyes"),
    ("graton-desk", "graton", StaffMembership.Role.COORDINATOR, "en", "Daniel", "Ortega"),
    ("pomona-board", "pomona", StaffMembership.Role.BOARD, "en", "Ruth", "Alvarado"),
    ("pomona-admin", "pomona", StaffMembership.Role.CENTER_ADMIN, "en", "Lucía", "Campos"),
]


#: A demo morning's hours: sign-in opened this long before the demo was seeded, and the
#: lottery's cutoff comes this long after, so a newcomer can scan, draw and dispatch at once.
HOURS_AROUND_NOW = timedelta(hours=1)


def hours_around(center: Center, now: datetime) -> Center:
    """Set a demo center's sign-in hours around ``now`` (its local time), within the day."""
    local = now.astimezone(center.tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    opens = max(local - HOURS_AROUND_NOW, midnight)
    cutoff = min(local + HOURS_AROUND_NOW, midnight.replace(hour=23, minute=59))
    center.signin_opens = opens.time().replace(second=0, microsecond=0)
    center.lottery_cutoff = cutoff.time().replace(second=0, microsecond=0)
    center.save(update_fields=["signin_opens", "lottery_cutoff"])
    return center


def _user(username: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(username=username, defaults=extra)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed(rng: random.Random) -> list[Center]:
    centers = []
    for data in CENTERS:
        center, _ = Center.objects.get_or_create(slug=data["slug"], defaults=data)
        centers.append(center)
    _user("admin", is_superuser=True, is_staff=True, email="admin@example.org")
    for username, slug, role, _language, first, last in STAFF:
        user = _user(username, language="", first_name=first, last_name=last)
        StaffMembership.objects.get_or_create(
            user=user, center=Center.objects.get(slug=slug), defaults={"role": role}
        )
    _user("pomona-employer")
    return centers


def seed_decisions(centers: list[Center], rng: random.Random) -> None:
    """Pomona's assembly: a floor raise in force today, a lottery mode from next week."""
    pomona = next((c for c in centers if c.slug == "pomona"), None)
    if pomona is None or pomona.decisions.exists():
        return
    today = pomona.today()
    votes = {"votes_for": 34, "votes_against": 6, "votes_abstain": 3, "by": None}
    decision_record(
        center=pomona, setting="wage_floor", value="21.00", assembly_date=today,
        effective_date=today + timedelta(days=14), **votes,
    )  # fmt: skip
    decision_record(
        center=pomona, setting="offer_timeout_minutes", value="12", assembly_date=today,
        effective_date=today, note="Shorter waits in the morning", **votes,
    )  # fmt: skip
