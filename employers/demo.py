"""Demo employers and jobs: about 40 employers per center (a few blocked), the employer
login ``pomona-employer`` linked to one of them, and 90 days of job history plus a few open
jobs for today. Idempotent: a center that already has employers or jobs is left alone."""

from __future__ import annotations

import random
from datetime import time, timedelta
from decimal import Decimal

from centers.models import Center, User
from employers.models import Employer, Job
from employers.services import employer_search_text, kind_floor_set
from workers.models import Skill

EMPLOYERS_PER_CENTER = 40
HISTORY_DAYS = 90

CONTACT_FIRST = [
    "Linda", "Tom", "Sandra", "Greg", "Patricia", "Héctor", "Karen", "Bill", "Ana Lucía",
    "Steve", "Mónica", "Richard", "Donna", "Rogelio", "Susan", "Gary", "Yolanda", "Frank",
    "Ruth", "Iván",
]  # fmt: skip
CONTACT_LAST = [
    "Park", "Becker", "Ruiz", "Olsen", "Nguyen", "Ávila", "Wu", "Thompson", "Beltrán",
    "Kowalski", "Ibarra", "Hale", "Fischer", "Peña", "Carter", "Mitchell", "Martínez",
]  # fmt: skip
BUSINESSES = [
    ("Inland Roofing Co.", Employer.Kind.CONTRACTOR),
    ("Valley Landscaping", Employer.Kind.CONTRACTOR),
    ("Sunset Movers", Employer.Kind.BUSINESS),
    ("Mission Drywall", Employer.Kind.CONTRACTOR),
    ("Casa Bonita Restaurant", Employer.Kind.BUSINESS),
    ("Sonoma Vineyard Services", Employer.Kind.BUSINESS),
    ("Peña Construction", Employer.Kind.CONTRACTOR),
    ("Garden Street Church", Employer.Kind.OTHER),
]
STREETS = ["Holt Ave", "Garey Ave", "Mission Blvd", "Towne Ave", "Gravenstein Hwy", "Bodega Ave"]
CITIES = {"pomona": ["Pomona", "Claremont", "La Verne", "Chino"], "graton": ["Sebastopol", "Santa Rosa", "Petaluma"]}  # fmt: skip
WORK = [
    ("Yard cleanup and hauling", ["gardening", "moving"]),
    ("Paint two bedrooms", ["painting"]),
    ("Help move furniture", ["moving"]),
    ("Hang and tape drywall", ["drywall", "construction"]),
    ("Tear off old roof", ["roofing", "demolition"]),
    ("Pour a concrete patio", ["concrete", "construction"]),
    ("Deep clean after tenants", ["cleaning"]),
    ("Plant trees and lay sod", ["landscaping", "gardening"]),
    ("Build a fence", ["fencing", "carpentry"]),
    ("Grape harvest", []),
]
#: Today's and tomorrow's open jobs ask for common skills, so the demo desk can dispatch.
OPEN_WORK = [
    ("Help move furniture", ["moving"]),
    ("Yard cleanup", ["gardening"]),
    ("Deep clean after tenants", ["cleaning"]),
    ("Grape harvest", []),
]


def _employers(center: Center, rng: random.Random) -> list[Employer]:
    area = "909" if center.slug == "pomona" else "707"
    names = [f"{first} {last}" for first in CONTACT_FIRST for last in CONTACT_LAST]
    cities = CITIES.get(center.slug, ["Pomona"])
    employers = []
    for n, name in enumerate(rng.sample(names, EMPLOYERS_PER_CENTER)):
        business, kind = ("", Employer.Kind.HOMEOWNER)
        if n % 3 == 0:
            business, kind = BUSINESSES[(n // 3) % len(BUSINESSES)]
        employer = Employer(
            center=center,
            name=name,
            business_name=business,
            kind=kind,
            phone=f"+1{area}55502{n:02d}",
            email=f"employer{n}@example.com" if rng.random() < 0.6 else "",
            address=f"{rng.randint(100, 2999)} {rng.choice(STREETS)}",
            city=cities[n % len(cities)],
            state="CA",
            blocked=n in (7, 19, 33),
            blocked_reason="Did not pay workers" if n in (7, 19, 33) else "",
        )
        employer.search_text = employer_search_text(employer)
        employers.append(employer)
    return Employer.objects.bulk_create(employers)


def _jobs(center: Center, employers: list[Employer], rng: random.Random) -> None:
    today = center.today()
    cities = CITIES.get(center.slug, ["Pomona"])
    allowed = [e for e in employers if not e.blocked]
    skills = {skill.code: skill for skill in Skill.objects.all()}
    jobs: list[Job] = []
    wanted: list[list[str]] = []
    for offset in range(HISTORY_DAYS, -2, -1):
        day = today - timedelta(days=offset)
        for _ in range(rng.randint(2, 7) if offset > 0 else 3):
            description, codes = rng.choice(WORK if offset > 0 else OPEN_WORK)
            if offset > 0:
                status = Job.Status.COMPLETED if rng.random() < 0.88 else Job.Status.CANCELLED
            else:
                status = Job.Status.OPEN
            jobs.append(
                Job(
                    center=center,
                    employer=rng.choice(allowed),
                    description=description,
                    workers_needed=rng.choice([1, 1, 1, 2, 2, 3]),
                    date=day,
                    start_time=time(rng.choice([7, 7, 8, 8, 9, 10]), rng.choice([0, 30])),
                    estimated_hours=Decimal(rng.choice([3, 4, 5, 6, 8])),
                    hourly_wage=center.wage_floor + Decimal(rng.choice([0, 0, 1, 2, 3, 5])),
                    wage_floor=center.wage_floor,
                    address=f"{rng.randint(100, 2999)} {rng.choice(STREETS)}, {rng.choice(cities)}",
                    transport_provided=rng.random() < 0.3,
                    status=status,
                    source=rng.choice(list(Job.Source.values)),
                    cancelled_reason="Rain" if status == Job.Status.CANCELLED else "",
                )
            )
            wanted.append(codes)
    created = Job.objects.bulk_create(jobs)
    through = Job.skills.through
    through.objects.bulk_create(
        [
            through(job_id=job.pk, skill_id=skills[code].pk)
            for job, codes in zip(created, wanted, strict=True)
            for code in codes
            if code in skills
        ]
    )


def seed(centers: list[Center], rng: random.Random) -> None:
    for center in centers:
        if Employer.objects.filter(center=center).exists():
            continue
        employers = _employers(center, rng)
        if not Job.objects.filter(center=center).exists():
            _jobs(center, employers, rng)
    portal_user = User.objects.filter(username="pomona-employer").first()
    pomona = next((c for c in centers if c.slug == "pomona"), None)
    linked = Employer.objects.filter(portal_user=portal_user).exists()
    if portal_user is not None and pomona is not None and not linked:
        employer = Employer.objects.filter(center=pomona, blocked=False).order_by("pk").first()
        if employer is not None:
            employer.portal_user = portal_user
            employer.save(update_fields=["portal_user"])


def seed_kind_floors(centers: list[Center], rng: random.Random) -> None:
    """Roofing pays more and is booked for at least four hours, from today."""
    for center in centers:
        kind_floor_set(
            center=center, by=None, skill="roofing", starts_on=center.today(),
            wage_floor=center.wage_floor + Decimal("5.00"), min_hours=Decimal("4"),
        )  # fmt: skip
