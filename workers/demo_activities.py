"""Demo activities: orientations, OSHA-10 trainings, ESL classes, an assembly and a workshop
per center, with attendance and the certificates they issued; English levels for the demo
workers; demolition needs the OSHA-10 certificate. Idempotent: a center that already has
activities is left alone."""

from __future__ import annotations

import random
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from centers.models import Center

from . import activities
from .models import Activity, Certificate, EnglishLevel, Skill, Training, Worker

#: (days from today, kind, title, start, hours, capacity, attendees, completed)
PLAN = [
    (-60, Activity.Kind.SAFETY, "OSHA-10", time(8, 0), "10", 20, 16, True),
    (-21, Activity.Kind.ORIENTATION, "", time(17, 30), "2", None, 12, True),
    (-14, Activity.Kind.ESL, "ESL 1", time(18, 0), "2", 15, 11, True),
    (-7, Activity.Kind.ESL, "ESL 1", time(18, 0), "2", 15, 9, True),
    (-5, Activity.Kind.ASSEMBLY, "", time(18, 30), "1.5", None, 35, True),
    (0, Activity.Kind.SAFETY, "OSHA-10", time(9, 0), "10", 20, 4, False),
    (0, Activity.Kind.ORIENTATION, "", time(17, 0), "2", 25, 0, False),
    (6, Activity.Kind.WORKSHOP, "Wage theft: know your rights", time(18, 0), "1.5", 30, 0, False),
]
LEVELS = [EnglishLevel.NONE, EnglishLevel.BASIC, EnglishLevel.CONVERSATIONAL, EnglishLevel.FLUENT]


def seed(centers: list[Center], rng: random.Random) -> None:
    Skill.objects.filter(code="demolition").update(
        required_training=Training.objects.filter(code="osha10").first()
    )
    for center in centers:
        if Activity.objects.filter(center=center).exists():
            continue
        workers = list(Worker.objects.filter(center=center, erased_at__isnull=True))
        for worker in workers:
            worker.english_level = rng.choices(LEVELS, weights=[40, 30, 20, 10])[0]
        Worker.objects.bulk_update(workers, ["english_level"])
        _activities(center, workers, rng)
        _first_aid_expiring(center, workers[:5])
    Center.objects.filter(slug="graton").update(orientation_required=True)


def _activities(center: Center, workers: list[Worker], rng: random.Random) -> None:
    today = center.today()
    for days, kind, title, start, hours, capacity, attendees, completed in PLAN:
        activity = activities.activity_create(
            center=center,
            kind=kind,
            title=title,
            training="osha10" if kind == Activity.Kind.SAFETY else None,
            date=today + timedelta(days=days),
            start_time=start,
            hours=Decimal(hours),
            capacity=capacity,
            place="Salón principal",
        )
        when = center.local_datetime(activity.date, start)
        for worker in rng.sample(workers, k=min(attendees, len(workers))):
            attendance = activities.attendance_record(
                activity=activity, worker=worker, now=min(when, timezone.now())
            )
            if completed and rng.random() < 0.1:  # left early: no certificate
                activities.attendance_set_hours(attendance=attendance, hours=Decimal(hours) / 2)
        if completed:
            activities.activity_complete(activity=activity, now=when + timedelta(hours=3))


def _first_aid_expiring(center: Center, workers: list[Worker]) -> None:
    """A few first-aid certificates from two years ago: they expire within the month."""
    training = Training.objects.get(code="first_aid")
    issued = center.today() - timedelta(days=715)
    for worker in workers:
        if not Certificate.objects.filter(worker=worker, training=training).exists():
            activities.certificate_issue(worker=worker, training=training, issued_on=issued)
