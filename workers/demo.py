"""Demo workers: about 120 per center, with Spanish and English names, skills and languages.

Phones use the 555-01xx numbers reserved for fiction. Idempotent: a center that already has
workers is left alone.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from centers.models import Center

from .membership import membership_lapsed
from .models import Demographics, DuesPayment, Skill, Worker
from .services import demographics_record, voice_language_clean, worker_search_text

WORKERS_PER_CENTER = 120

FIRST_ES = [
    "José", "María", "Jesús", "Ramón", "Martín", "Andrés", "Julián", "Raúl", "Inés", "Sofía",
    "Óscar", "Adrián", "Joaquín", "Germán", "Efraín", "Tomás", "Nicolás", "Víctor", "Rubén",
    "Hernán", "Juan", "Luis", "Miguel", "Pedro", "Francisco", "Guadalupe", "Rosa", "Ángel",
    "Mario", "Jorge", "Aurelio", "Timoteo", "Eusebio", "Crispín", "Natividad", "Concepción",
]  # fmt: skip
FIRST_EN = ["John", "Michael", "David", "James", "Robert", "Kevin", "Marcus", "Daniel", "Anthony"]
SURNAMES_ES = [
    "Núñez", "Hernández", "González", "Martínez", "Pérez", "Gómez", "Díaz", "Ramírez", "López",
    "Sánchez", "Muñoz", "Álvarez", "Cortés", "Jiménez", "Gutiérrez", "Cruz", "Morales", "Ortiz",
    "Reyes", "Vásquez", "Castañeda", "Ibáñez", "Peña", "Méndez", "Quiñones", "Domínguez",
    "Chávez", "Solís", "Carrión", "Bautista", "Velásquez", "Montaño",
]  # fmt: skip
SURNAMES_EN = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Walker"]
NICKNAMES = {"José": "Pepe", "Francisco": "Pancho", "Guadalupe": "Lupe", "Jesús": "Chuy"}
OTHER_LANGUAGES = ["Mixteco", "Zapoteco", "K'iche'", "Mam", "Triqui", "Purépecha", "Q'anjob'al"]
AREA_CODES = {"pomona": ["909", "626", "951"], "graton": ["707", "415"]}


def _person(rng: random.Random) -> tuple[str, str, str]:
    """(full name, known as, SMS language)."""
    if rng.random() < 0.15:
        first = rng.choice(FIRST_EN)
        return f"{first} {rng.choice(SURNAMES_EN)}", first, "en"
    first = rng.choice(FIRST_ES)
    full = f"{first} {rng.choice(SURNAMES_ES)} {rng.choice(SURNAMES_ES)}"
    if rng.random() < 0.25:
        full = f"{first} {rng.choice(FIRST_ES)} {full.split(' ', 1)[1]}"
    known_as = NICKNAMES.get(first, first) if rng.random() < 0.5 else first
    return full, known_as, "en" if rng.random() < 0.08 else "es"


def _phones(center: Center, rng: random.Random) -> list[str]:
    codes = AREA_CODES.get(center.slug, ["909"])
    numbers = [f"+1{code}55501{n:02d}" for code in codes for n in range(100)]
    rng.shuffle(numbers)
    return numbers


def seed(centers: list[Center], rng: random.Random) -> None:
    skills = list(Skill.objects.all())
    now = timezone.now()
    for center in centers:
        if Worker.objects.filter(center=center).exists():
            continue
        phones = _phones(center, rng)
        today = center.today()
        workers = []
        for badge in range(1, WORKERS_PER_CENTER + 1):
            full_name, known_as, language = _person(rng)
            status = rng.choices(list(Worker.Status.values), weights=[85, 5, 3, 6, 1], k=1)[0]
            worker = Worker(
                center=center,
                badge=badge,
                full_name=full_name,
                known_as=known_as,
                phone=phones.pop() if rng.random() < 0.85 else "",
                preferred_language=language,
                other_languages=rng.choice(OTHER_LANGUAGES) if rng.random() < 0.2 else "",
                status=status,
            )
            if worker.phone and rng.random() < 0.8:
                worker.sms_consent_at = now - timedelta(days=rng.randint(1, 700))
                worker.sms_consent_method = rng.choice(Worker.ConsentMethod.values)
                worker.sms_consent_language = language
            if worker.other_languages:  # offers by call too, in their language once recorded
                worker.contact_preference = Worker.Contact.BOTH
                worker.voice_language = voice_language_clean(worker.other_languages)
            if status == Worker.Status.SANCTIONED:
                worker.suspended_until = today + timedelta(days=rng.randint(1, 14))
                worker.suspension_reason = "No-show after accepting a job"
            worker.search_text = worker_search_text(worker)
            workers.append(worker)
        created = Worker.objects.bulk_create(workers)
        if not skills:
            continue
        through = Worker.skills.through
        links = []
        for worker in created:
            for skill in rng.sample(skills, k=rng.randint(1, 4)):
                links.append(through(worker_id=worker.pk, skill_id=skill.pk))
        through.objects.bulk_create(links)
    for center in centers:
        if not DuesPayment.objects.filter(center=center).exists():
            _dues(center, rng)


#: Demo dues: $20 a month or $200 a year, paid in cash most of the time.
MONTHLY, YEARLY = Decimal("20.00"), Decimal("200.00")
#: Days from today to the end of a member's dues, and how often each comes up.
DUES_OFFSETS = [-75, -10, 3, 6, 40, 90, 200, 300]
DUES_WEIGHTS = [5, 6, 4, 4, 22, 26, 20, 13]


def _dues(center: Center, rng: random.Random) -> None:
    """A few months of dues per member: most paid ahead, some running out this week (their
    renewal reminder is due), some past the grace (expired)."""
    today = center.today()
    payments, members = [], []
    for worker in Worker.objects.filter(
        center=center, status__in=["active", "sanctioned", "expired"]
    ):
        if worker.status == Worker.Status.EXPIRED:
            offset = rng.choice([-75, -50])
        else:  # a few past the grace, a few running out this week, most paid ahead
            offset = rng.choices(DUES_OFFSETS, weights=DUES_WEIGHTS)[0]
        paid_through = today + timedelta(days=offset)
        yearly = rng.random() < 0.3
        months = 1 if yearly else rng.randint(1, 4)
        end = paid_through
        for _ in range(months):
            start = end - timedelta(days=364 if yearly else 29)
            payments.append(
                DuesPayment(
                    center=center,
                    worker=worker,
                    amount=YEARLY if yearly else MONTHLY,
                    period_from=start,
                    period_to=end,
                    method=rng.choices(DuesPayment.Method.values, weights=[70, 10, 5, 5, 5, 5])[0],
                    paid_on=min(start, today),
                )
            )
            end = start - timedelta(days=1)
        worker.dues_paid_through = paid_through
        if worker.status == Worker.Status.ACTIVE and membership_lapsed(
            paid_through=paid_through, grace_days=center.membership_grace_days, today=today
        ):
            worker.status = Worker.Status.EXPIRED
        members.append(worker)
    DuesPayment.objects.bulk_create(payments)
    Worker.objects.bulk_update(members, ["dues_paid_through", "status"])


def seed_demographics(centers: list[Center], rng: random.Random) -> None:
    """Pomona asks for voluntary demographics; about half its workers chose to answer."""
    pomona = next((c for c in centers if c.slug == "pomona"), None)
    if pomona is None:
        return
    Center.objects.filter(pk=pomona.pk).update(demographics_enabled=True)
    pomona.refresh_from_db()
    choices = {
        name: Demographics._meta.get_field(name).choices
        for name in ("gender", "age_group", "ethnicity")
    }
    for worker in Worker.objects.filter(center=pomona, erased_at__isnull=True):
        if rng.random() < 0.5:
            answers = {name: str(rng.choice(options)[0]) for name, options in choices.items()}
            demographics_record(worker=worker, by=None, **answers)
