"""The demo shows activities: an orientation and an OSHA-10 with attendance, certificates
(some about to expire), English levels, and demolition needing the safety certificate."""

from __future__ import annotations

import random

import pytest

from centers import demo as centers_demo
from workers import demo as workers_demo
from workers import demo_activities
from workers.models import Activity, Certificate, Skill, Worker
from workers.selectors import certificates_expiring

pytestmark = pytest.mark.django_db


def test_the_demo_has_trainings_with_attendance_and_certificates_once():
    rng = random.Random(1998)
    centers = centers_demo.seed(rng)
    workers_demo.seed(centers, rng)
    demo_activities.seed(centers, rng)
    counts = (Activity.objects.count(), Certificate.objects.count())
    demo_activities.seed(centers, rng)
    assert (Activity.objects.count(), Certificate.objects.count()) == counts
    assert Skill.objects.get(code="demolition").required_training.code == "osha10"
    for center in centers:
        today = center.today()
        osha = Activity.objects.get(center=center, kind="safety", date=today)
        assert osha.attendances.count() == 4
        assert Activity.objects.filter(center=center, kind="orientation", date=today).exists()
        assert Certificate.objects.filter(center=center, training__code="osha10").count() >= 10
        assert certificates_expiring(center=center, day=today).count() == 5
        levels = set(Worker.objects.filter(center=center).values_list("english_level", flat=True))
        assert levels == {0, 1, 2, 3}
