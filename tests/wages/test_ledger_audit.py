"""Every tracked change leaves an audit row saying who, when and what, including the changes
services make to many rows at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from centers.history import update_with_history
from dispatch.models import Assignment
from dispatch.services.morning import assignment_create
from employers.models import Job
from tests import factories
from wages.models import WageClaim
from wages.services.claims import claim_open_from_assignment, claim_payment, claim_transition
from wages.services.ledger import (
    assignment_cancel,
    assignment_complete,
    assignment_no_show,
    assignment_paid_record,
    assignment_rate,
    payment_checks_send,
)
from workers.models import Sanction

pytestmark = pytest.mark.django_db


def test_dispatch_to_paid_leaves_one_audit_row_per_change_naming_the_coordinator(
    center, coordinator
):
    job = factories.JobFactory(center=center, status="open")
    worker = factories.WorkerFactory(center=center)
    assignment = assignment_create(job=job, worker=worker, how="walk_in", by=coordinator)
    assignment_complete(assignment=assignment, hours_worked="5", by=coordinator)
    assignment_paid_record(assignment=assignment, paid_status="paid", by=coordinator)
    assignment_rate(assignment=assignment, worker_rating=5, employer_rating=4, by=coordinator)

    versions = list(Assignment.history.filter(id=assignment.pk).order_by("history_date"))
    assert [v.history_type for v in versions] == ["+", "~", "~", "~"]
    assert [v.state for v in versions] == ["active", "completed", "completed", "completed"]
    assert [v.paid_status for v in versions][-2:] == ["paid", "paid"]
    assert all(v.history_user == coordinator for v in versions[1:])
    assert Job.history.filter(id=job.pk, status="completed").get().history_user == coordinator


def test_cancel_and_no_show_are_audited_with_their_reason(center, coordinator):
    job = factories.JobFactory(center=center, workers_needed=2, status="filled")
    first = factories.AssignmentFactory(job=job, slot=1)
    second = factories.AssignmentFactory(job=job, slot=2)
    assignment_cancel(assignment=first, reason="Employer called it off", by=coordinator)
    assignment_no_show(assignment=second, reason="Never came", by=coordinator)
    cancelled = Assignment.history.filter(id=first.pk).first()
    assert (cancelled.state, cancelled.history_change_reason) == (
        "cancelled",
        "Employer called it off",
    )
    no_show = Assignment.history.filter(id=second.pk).first()
    assert (no_show.state, no_show.history_user) == ("no_show", coordinator)
    assert Sanction.history.get(related_assignment_id=second.pk).history_user == coordinator


def test_each_claim_step_is_audited(center, coordinator):
    assignment = factories.AssignmentFactory(job__center=center, state="completed")
    claim = claim_open_from_assignment(assignment=assignment, by=coordinator)
    claim_transition(claim=claim, to="employer_contacted", by=coordinator)
    claim_payment(claim=claim, amount="30", by=coordinator)
    versions = list(WageClaim.history.filter(id=claim.pk).order_by("history_date"))
    assert [(v.status, str(v.amount_recovered)) for v in versions] == [
        ("open", "0.00"),
        ("employer_contacted", "0.00"),
        ("employer_contacted", "30.00"),
    ]
    assert {v.history_user for v in versions} == {coordinator}


def test_update_with_history_writes_a_row_for_each_changed_object_only(center, coordinator):
    jobs = [factories.JobFactory(center=center, status="open") for _ in range(3)]
    jobs[2].status = "cancelled"
    jobs[2].save()
    before = Job.history.count()

    changed = update_with_history(
        Job.objects.filter(center=center, status="open"),
        by=coordinator,
        reason="rained out",
        status="cancelled",
    )

    assert {job.pk for job in changed} == {jobs[0].pk, jobs[1].pk}
    assert Job.objects.filter(status="cancelled").count() == 3
    new = Job.history.order_by("-history_id")[: Job.history.count() - before]
    assert sorted(v.id for v in new) == sorted([jobs[0].pk, jobs[1].pk])
    assert all(v.history_user == coordinator and v.status == "cancelled" for v in new)
    assert {v.history_change_reason for v in new} == {"rained out"}


def test_the_payment_checks_bulk_change_shows_on_the_audit_page(client, center, center_admin):
    assignment = factories.AssignmentFactory(
        job__center=center, job__date=center.today() - timedelta(days=1)
    )
    assignment_complete(assignment=assignment, hours_worked="4")
    ten = datetime.combine(center.today(), datetime.min.time(), tzinfo=center.tz).replace(hour=10)
    assert payment_checks_send(now=ten) == 1

    client.force_login(center_admin)
    page = client.get(f"/audit/?kind=assignment&id={assignment.pk}").content.decode()

    assert "payment check sent" in page
    assert page.count(f"Assignment #{assignment.pk}") == 3  # created, completed, checked
