"""The demo works at any hour: seeded at 02:25 or at 14:00, the morning fits the demo
centers' sign-in hours and the desk takes the next scan at once."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client

from centers.models import Center, User
from dispatch.models import LotteryDraw, SignIn
from dispatch.services import morning
from employers.models import Job
from workers.models import Worker

pytestmark = pytest.mark.django_db

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(("hour", "minute"), [(2, 25), (14, 0)])
def test_seed_demo_builds_a_morning_inside_sign_in_hours_whenever_it_runs(hour, minute):
    seeded_at = datetime(2026, 11, 23, hour, minute, tzinfo=LA)
    with mock.patch("django.utils.timezone.now", return_value=seeded_at):
        call_command("seed_demo")
    for slug in ("pomona", "graton"):
        center = Center.objects.get(slug=slug)
        day = seeded_at.date()
        opens, cutoff = morning.opens_at(center, day), morning.cutoff_at(center, day)
        assert opens <= seeded_at < cutoff
        assert opens == seeded_at - timedelta(hours=1)
        assert cutoff == seeded_at + timedelta(hours=1)
        signins = SignIn.objects.filter(center=center, date=day)
        assert signins.count() >= 40
        assert all(opens <= s.signed_in_at <= seeded_at for s in signins)
        assert not signins.filter(late=True).exists()
        assert not LotteryDraw.objects.get(center=center, date=day).is_drawn

    # A minute later the desk signs in a worker who has not come yet, draws, and dispatches.
    center = Center.objects.get(slug="pomona")
    newcomer = (
        Worker.objects.filter(center=center, status=Worker.Status.ACTIVE, suspended_until=None)
        .exclude(signins__date=seeded_at.date())
        .order_by("badge")
        .first()
    )
    desk = Client()
    desk.force_login(User.objects.get(username="pomona-desk"))
    with mock.patch("django.utils.timezone.now", return_value=seeded_at + timedelta(minutes=1)):
        answer = desk.post("/desk/signin/", {"q": str(newcomer.badge)}, HTTP_HX_REQUEST="true")
        assert answer.status_code == 200
        assert f"{newcomer.desk_name} is signed in" in answer.content.decode()
    with mock.patch("django.utils.timezone.now", return_value=seeded_at + timedelta(minutes=2)):
        drawn = desk.post("/desk/draw/", HTTP_HX_REQUEST="true").content.decode()
        assert "The lottery is drawn" in drawn
        job = Job.objects.filter(center=center, date=seeded_at.date(), status="open").first()
        assert job is not None
        sent = desk.post(f"/desk/jobs/{job.pk}/dispatch/", HTTP_HX_REQUEST="true")
        assert '<ul class="sent"><li>' in sent.content.decode()  # who was sent, by name
    signin = SignIn.objects.get(worker=newcomer, date=seeded_at.date())
    assert signin.late is False
    assert signin.lottery_number is not None
