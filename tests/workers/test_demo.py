from __future__ import annotations

import pytest
from django.core.management import call_command

from employers.models import Employer, Job
from workers.models import Worker

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_each_center_workers_employers_and_history_once():
    call_command("seed_demo")
    counts = (Worker.objects.count(), Employer.objects.count(), Job.objects.count())
    call_command("seed_demo")
    assert (Worker.objects.count(), Employer.objects.count(), Job.objects.count()) == counts
    for slug in ("pomona", "graton"):
        workers = Worker.objects.filter(center__slug=slug)
        assert workers.count() == 120
        assert workers.filter(full_name__regex=r"[áéíóúñÁÉÍÓÚÑ]").count() > 30
        assert workers.filter(skills__isnull=False).distinct().count() == 120
        assert workers.exclude(other_languages="").exists()
        assert all(w.search_text.startswith(str(w.badge)) for w in workers)
        employers = Employer.objects.filter(center__slug=slug, terms__isnull=True)  # by staff
        assert employers.count() == 40
        assert employers.filter(blocked=True).count() == 3
        past = Job.objects.filter(center__slug=slug, status__in=["completed", "cancelled"])
        assert past.count() > 200
        assert not Job.objects.filter(center__slug=slug, employer__blocked=True).exists()
    portal = Employer.objects.get(portal_user__username="pomona-employer")
    assert portal.center.slug == "pomona"
    assert not portal.blocked
