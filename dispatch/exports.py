"""The worker's data export, dispatch's part: sign-ins, priority flags, offers, jobs worked
and the desk's decisions about them (wage claims are ``wages.exports``).

Of the other people in these rows only what the worker dealt with is given: the employer
by the name the center knows them by (business name, or contact name), never their phone,
email, address, notes or block; staff who made a change are "the center", not named."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dispatch import reasons
from dispatch.models import Assignment, DispatchDecision, Offer, PriorityFlag, SignIn
from employers.models import Job
from workers.exports import Section, both, choice, section_register
from workers.models import Worker


def employer_name(job_or_claim: Any) -> str:
    employer = job_or_claim.employer
    return employer.business_name or employer.name


def job_row(job: Job | None) -> dict[str, Any] | None:
    if job is None:
        return None
    return {
        "date": job.date,
        "start_time": job.start_time,
        "description": job.description,
        "employer": employer_name(job),
        "hourly_wage": job.hourly_wage,
        "estimated_hours": job.estimated_hours,
    }


def _signins(worker: Worker) -> list[dict[str, Any]]:
    return [
        {
            "date": s.date,
            "signed_in_at": s.signed_in_at,
            "late": s.late,
            "method": choice(s.method, SignIn.Method.choices),
            "lottery_number": s.lottery_number,
            "position": s.position,
            "state": choice(s.state, SignIn.State.choices),
        }
        for s in SignIn.objects.filter(worker=worker, center=worker.center).order_by("date")
    ]


def _priority(worker: Worker) -> list[dict[str, Any]]:
    return [
        {"date": f.date, "list": f.list_name}
        for f in PriorityFlag.objects.filter(worker=worker).order_by("date")
    ]


def _offers(worker: Worker) -> list[dict[str, Any]]:
    offers = Offer.objects.filter(worker=worker, center=worker.center).select_related(
        "job__employer"
    )
    return [
        {
            "job": job_row(o.job),
            "state": choice(o.state, Offer.State.choices),
            "offered_at": o.created_at,
            "expires_at": o.expires_at,
            "answered_at": o.answered_at,
        }
        for o in offers.order_by("created_at", "pk")
    ]


def _assignments(worker: Worker) -> list[dict[str, Any]]:
    rows = Assignment.objects.filter(worker=worker, center=worker.center).select_related(
        "job__employer"
    )
    return [
        {
            "job": job_row(a.job),
            "how_chosen": choice(a.how, Assignment.How.choices),
            "state": choice(a.state, Assignment.State.choices),
            "hours_worked": a.hours_worked,
            "amount_paid": a.amount_paid,
            "pay_note": a.pay_note,
            "paid_status": choice(a.paid_status, Assignment.PaidStatus.choices),
            "employers_rating_of_worker": a.worker_rating,
            "employers_comment": a.worker_rating_comment,
            "workers_rating_of_employer": a.employer_rating,
            "workers_comment": a.employer_rating_comment,
            "ended_reason": a.ended_reason,
            "dispatched_at": a.created_at,
        }
        for a in rows.order_by("date", "pk")
    ]


def _decisions(worker: Worker) -> list[dict[str, Any]]:
    rows = DispatchDecision.objects.filter(worker=worker, center=worker.center).select_related(
        "job__employer"
    )
    return [
        {
            "date": d.date,
            "job": job_row(d.job),
            "outcome": choice(d.outcome, DispatchDecision.Outcome.choices),
            "reason": {"code": d.reason, **both(reasons.LABELS.get(d.reason, d.reason))},
            "detail": d.detail,
            "position": d.position,
            "at": d.created_at,
        }
        for d in rows.order_by("created_at", "pk")
    ]


def sections_register() -> None:
    section_register(Section("signins", _("Sign-ins"), _signins, order=20))
    section_register(Section("priority_flags", _("Priority lists"), _priority, order=21))
    section_register(Section("offers", _("Job offers"), _offers, order=30))
    section_register(Section("assignments", _("Jobs worked"), _assignments, order=31))
    section_register(Section("dispatch_decisions", _("Dispatch decisions"), _decisions, 32))
