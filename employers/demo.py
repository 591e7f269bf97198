"""Demo employers and jobs: about 40 employers per center (a few blocked), the employer
login ``pomona-employer`` linked to one of them, and 90 days of job history plus a few open
jobs for today. Idempotent: a center that already has employers or jobs is left alone."""

from __future__ import annotations

import random
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from centers.models import Center, User
from employers.models import CenterTerms, Employer, Job
from employers.services import employer_search_text, job_create, kind_floor_set
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
            email=f"employer{n}.{center.slug}@example.com" if rng.random() < 0.6 else "",
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
    for job in jobs:
        if job.transport_provided:  # the employer drives them from the center's door
            job.pickup_place = DEMO_PICKUP
            job.pickup_time = job.start_time.replace(minute=0)
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


DEMO_PICKUP = "Center door"
TERMS_ES = """Pago: al menos el salario mínimo del centro por hora, completo y en efectivo o cheque al final de cada día.
Horas mínimas: se pagan al menos 4 horas, aunque el trabajo termine antes.
Seguridad: equipo de protección para trabajos de techo, altura o químicos; agua y descansos.
Transporte: si usted lleva a los trabajadores, los regresa al centro al terminar.
Ningún trabajador se contrata sin pasar por el centro."""
TERMS_EN = """Pay: at least the center's wage floor per hour, in full, in cash or by check at the end of each day.
Minimum hours: at least 4 hours are paid, even if the work ends sooner.
Safety: protective gear for roofing, heights or chemicals; water and breaks.
Transport: if you drive the workers, you bring them back to the center at the end.
No worker is hired without going through the center."""


def seed_signup(centers: list[Center]) -> None:
    """Each center's terms (version 1), and at Pomona an employer who signed up in the
    portal, confirmed their email and waits for approval with a job on hold (login
    ``pomona-signup``)."""
    from centers.demo import DEMO_PASSWORD

    for center in centers:
        if not CenterTerms.objects.filter(center=center).exists():
            CenterTerms.objects.create(center=center, version=1, text_es=TERMS_ES, text_en=TERMS_EN)
    pomona = next((c for c in centers if c.slug == "pomona"), None)
    if pomona is None or User.objects.filter(username="pomona-signup").exists():
        return
    user = User(username="pomona-signup", email="rosa.delgado@example.com", language="es")
    user.set_password(DEMO_PASSWORD)
    user.save()
    now = timezone.now()
    employer = Employer(
        center=pomona,
        name="Rosa Delgado",
        kind=Employer.Kind.HOMEOWNER,
        phone="+19095550377",
        email="rosa.delgado@example.com",
        preferred_language="es",
        portal_user=user,
        approval=Employer.Approval.PENDING,
        email_verified_at=now,
        terms=CenterTerms.objects.filter(center=pomona).order_by("-version").first(),
        terms_accepted_at=now,
        notify_by_sms=True,
    )
    employer.search_text = employer_search_text(employer)
    employer.save()
    Job.objects.create(
        center=pomona,
        employer=employer,
        description="Limpiar el patio y podar dos árboles",
        workers_needed=2,
        date=pomona.today() + timedelta(days=1),
        start_time=time(8, 0),
        estimated_hours=Decimal("5"),
        hourly_wage=pomona.wage_floor + Decimal("2"),
        wage_floor=pomona.wage_floor,
        address="845 W Holt Ave, Pomona",
        meeting_place="Frente a la casa, puerta azul",
        status=Job.Status.PENDING,
        source=Job.Source.PORTAL,
    )


def seed(centers: list[Center], rng: random.Random) -> None:
    for center in centers:
        if Employer.objects.filter(center=center).exists():
            continue
        employers = _employers(center, rng)
        if not Job.objects.filter(center=center).exists():
            _jobs(center, employers, rng)
    for center in centers:
        _multiday(center)
    portal_user = User.objects.filter(username="pomona-employer").first()
    pomona = next((c for c in centers if c.slug == "pomona"), None)
    linked = Employer.objects.filter(portal_user=portal_user).exists()
    if portal_user is not None and pomona is not None and not linked:
        employer = Employer.objects.filter(center=pomona, blocked=False).order_by("pk").first()
        if employer is not None:
            employer.portal_user = portal_user
            employer.save(update_fields=["portal_user"])
    seed_signup(centers)


def _multiday(center: Center) -> None:
    """A three-day job from tomorrow and a weekly job for six weeks (docs/multiday.md)."""
    if Job.objects.filter(center=center, end_date__isnull=False).exists():
        return
    employer = Employer.objects.filter(center=center, blocked=False).order_by("pk").first()
    if employer is None:
        return
    start = center.today() + timedelta(days=1)
    common = {
        "center": center,
        "employer": employer,
        "by": None,
        "source": Job.Source.PORTAL,
        "start_time": time(8, 0),
        "hourly_wage": center.wage_floor + Decimal(3),
        "address": f"1200 {STREETS[0]}, {CITIES.get(center.slug, ['Pomona'])[0]}",
    }
    job_create(
        **common,
        description="Paint the house outside, three days, same crew",
        skills=["painting"],
        workers_needed=2,
        date=start,
        end_date=start + timedelta(days=2),
        estimated_hours=Decimal(8),
    )
    job_create(
        **common,
        description="Weekly yard care",
        skills=["gardening"],
        workers_needed=1,
        date=start + timedelta(days=1),
        estimated_hours=Decimal(4),
        repeat_until=start + timedelta(days=1, weeks=5),
    )


def seed_kind_floors(centers: list[Center], rng: random.Random) -> None:
    """Roofing pays more and is booked for at least four hours, from today."""
    for center in centers:
        kind_floor_set(
            center=center, by=None, skill="roofing", starts_on=center.today(),
            wage_floor=center.wage_floor + Decimal("5.00"), min_hours=Decimal("4"),
        )  # fmt: skip
