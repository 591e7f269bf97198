"""Activities, attendance and certificates: the rules of the services and the report reads."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from tests import factories
from workers import activities, selectors
from workers.errors import ActivityConflict, ActivityError, BadgeError
from workers.models import Activity, Attendance, Certificate, Training

pytestmark = pytest.mark.django_db


def schedule(center, kind=Activity.Kind.SAFETY, training="osha10", **fields):
    fields.setdefault("title", "OSHA-10")
    fields.setdefault("date", center.today())
    fields.setdefault("start_time", time(9, 0))
    fields.setdefault("hours", Decimal("10"))
    return activities.activity_create(center=center, kind=kind, training=training, **fields)


def test_an_orientation_issues_the_orientation_certificate_by_default(center):
    orientation = schedule(center, kind=Activity.Kind.ORIENTATION, training=None, title="")
    assert orientation.training.code == Training.ORIENTATION
    assert orientation.name == "Orientation"


@pytest.mark.parametrize(
    ("issued", "months", "expires"),
    [
        (date(2026, 3, 15), 24, date(2028, 3, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 1, 10), None, None),
    ],
)
def test_a_certificate_expires_the_trainings_months_later(issued, months, expires):
    training = Training(code="x", valid_months=months)
    assert activities.certificate_expiry(training=training, issued_on=issued) == expires


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"hours": "120"}, "hours"),
        ({"capacity": 0}, "capacity"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_a_bad_activity_is_refused_with_the_field_to_fix(center, fields, field):
    kind = fields.pop("kind", Activity.Kind.SAFETY)
    with pytest.raises(ActivityError) as error:
        schedule(center, kind=kind, **fields)
    assert error.value.field == field
    assert not Activity.objects.exists()


def test_attendance_is_recorded_once_per_worker(center):
    activity = schedule(center)
    worker = factories.WorkerFactory(center=center)
    attendance = activities.attendance_record(activity=activity, badge=worker.badge)
    assert attendance.hours == Decimal("10.0")
    with pytest.raises(ActivityConflict, match="already recorded"):
        activities.attendance_record(activity=activity, badge=str(worker.badge))
    assert Attendance.objects.count() == 1


def test_attendance_stops_at_the_capacity(center):
    activity = schedule(center, capacity=2)
    first, second, third = factories.WorkerFactory.create_batch(3, center=center)
    activities.attendance_record(activity=activity, worker=first)
    activities.attendance_record(activity=activity, worker=second)
    with pytest.raises(ActivityConflict, match=r"full \(2 of 2"):
        activities.attendance_record(activity=activity, worker=third)
    assert activity.attendances.count() == 2


def test_an_unknown_badge_or_another_centers_worker_is_refused(center, other_center):
    activity = schedule(center)
    stranger = factories.WorkerFactory(center=other_center, badge=777)
    with pytest.raises(ActivityError, match="No worker has badge 777"):
        activities.attendance_record(activity=activity, badge="777")
    with pytest.raises(ActivityError, match="another center"):
        activities.attendance_record(activity=activity, worker=stranger)
    with pytest.raises(BadgeError):
        activities.attendance_record(activity=activity, badge="")
    assert not Attendance.objects.exists()


def test_completing_issues_certificates_to_those_who_attended_it_all(center):
    activity = schedule(center, date=date(2026, 3, 15))
    full, partial = factories.WorkerFactory.create_batch(2, center=center)
    activities.attendance_record(activity=activity, worker=full)
    left_early = activities.attendance_record(activity=activity, worker=partial)
    activities.attendance_set_hours(attendance=left_early, hours="6")
    assert activities.activity_complete(activity=activity) == 1
    certificate = Certificate.objects.get()
    assert certificate.worker == full
    assert certificate.expires_on == date(2031, 3, 15)  # OSHA-10: 60 months
    with pytest.raises(ActivityConflict, match="completed"):
        activities.attendance_record(
            activity=activity, worker=factories.WorkerFactory(center=center)
        )


def test_report_reads_count_hours_per_kind_and_trained_workers_once(center, other_center):
    day = center.today()
    esl = schedule(center, kind=Activity.Kind.ESL, training=None, title="ESL", hours="2")
    osha = schedule(center)
    again = schedule(center, date=day + timedelta(days=1))
    elsewhere = schedule(other_center)
    workers = factories.WorkerFactory.create_batch(3, center=center)
    for worker in workers:
        activities.attendance_record(activity=esl, worker=worker)
    activities.attendance_record(activity=osha, worker=workers[0])
    activities.attendance_record(activity=again, worker=workers[0])
    activities.attendance_record(activity=again, worker=workers[1])
    activities.attendance_record(
        activity=elsewhere, worker=factories.WorkerFactory(center=other_center)
    )
    for activity in (osha, again, elsewhere):
        activities.activity_complete(activity=activity)
    end = day + timedelta(days=1)
    assert selectors.activity_hours(center=center, start=day, end=end, kind="esl") == Decimal("6")
    assert selectors.activity_hours(center=center, start=day, end=end) == Decimal("36")
    assert selectors.activity_hours(center=center, start=day, end=day) == Decimal("16")
    assert selectors.activity_hours(center=None, start=day, end=end) == Decimal("46")
    by_kind = selectors.activity_hours_by_kind(center=center, start=day, end=end)
    assert by_kind["esl"] == Decimal("6")
    assert by_kind["safety"] == Decimal("30")
    assert by_kind["assembly"] == Decimal("0")
    issued = selectors.certificates_issued(center=center, start=day, end=end)
    assert (issued.certificates, issued.workers) == (3, 2)
    network = selectors.certificates_issued(center=None, start=day, end=end)
    assert (network.certificates, network.workers) == (4, 3)


def test_the_report_reads_match_the_small_data_set(center, other_center):
    from tests.reports import data

    data.march(center, other_center)
    start, end = data.MARCH
    assert selectors.activity_hours(center=center, start=start, end=end, kind="esl") == 6
    assert selectors.activity_hours(center=center, start=start, end=end) == 26
    assert selectors.activity_hours(center=None, start=start, end=end, kind="esl") == 8
    issued = selectors.certificates_issued(center=center, start=start, end=end)
    assert (issued.certificates, issued.workers) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_the_skills_and_trainings_catalogs_are_written_again_after_a_flush():
    """Certificates name trainings from a catalog a migration writes; a flush (every
    transactional test's teardown) must not leave the next user without it."""
    from django.core.management import call_command

    from workers.catalog import SKILLS, TRAININGS
    from workers.models import Skill, Training

    call_command("flush", interactive=False, verbosity=0)
    assert set(Training.objects.values_list("code", flat=True)) == {row[0] for row in TRAININGS}
    assert set(Skill.objects.values_list("code", flat=True)) == {row[0] for row in SKILLS}
