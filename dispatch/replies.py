"""Answers to SMS replies: yes/no to an offer (else to the "were you paid?" check) and
"where am I?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from dispatch.models import SignIn
from dispatch.services.notify import sms_queue
from dispatch.services.offers import offer_taken_answer, offers_answer
from dispatch.services.remote import remote_join
from workers.models import Worker

NOTHING_PENDING = "nothing_pending"
NOT_SIGNED_IN = "not_signed_in"

#: The "were you paid?" answer, registered by ``wages`` (above dispatch): a yes or no that
#: answers no offer may answer the payment check of the day before.
_payment_replies: list[Callable[..., bool]] = []


def payment_reply_register(handler: Callable[..., bool]) -> None:
    if handler not in _payment_replies:
        _payment_replies.append(handler)


def reply_handle(*, worker: Worker, intent: str, message: Any) -> str | None:
    """Registered with ``sms.replies``: None when handled (answers are queued here), else
    the reason nothing was waiting, and sms answers with its short help."""
    if intent in ("accept", "decline"):
        if offers_answer(worker=worker, accept=intent == "accept") is not None:
            return None
        if any(handler(worker=worker, intent=intent) for handler in _payment_replies):
            return None
        if intent == "accept" and offer_taken_answer(worker=worker):
            return None  # a second yes: "you already have the job"
        return NOTHING_PENDING
    if intent == "position":
        return _position_answer(worker=worker)
    if intent == "join":
        remote_join(worker=worker)
        return None
    return NOTHING_PENDING


def _position_answer(*, worker: Worker) -> str | None:
    center = worker.center
    signin = SignIn.objects.filter(center=center, worker=worker, date=center.today()).first()
    if signin is None or signin.position is None:
        return NOT_SIGNED_IN
    ahead = (
        SignIn.objects.filter(center=center, date=signin.date, position__lt=signin.position)
        .filter(Q(state=SignIn.State.WAITING) | Q(state=SignIn.State.OFFERED))
        .count()
    )
    sms_queue(
        center=center,
        worker=worker,
        kind="queue_position",
        context={"number": signin.lottery_number, "position": ahead + 1},
    )
    return None


def call_status(*, worker: Worker) -> dict[str, Any]:
    """What a worker calling the center hears (registered with ``sms.voice``): their
    lottery number and place in today's line, and the skills of the jobs open today."""
    from employers.models import Job
    from sms.voice import SkillName

    center = worker.center
    today = center.today()
    signin = SignIn.objects.filter(center=center, worker=worker, date=today).first()
    number = position = None
    if signin is not None and signin.lottery_number is not None:
        number = signin.lottery_number
        if signin.position is not None:
            position = (
                SignIn.objects.filter(center=center, date=today, position__lt=signin.position)
                .filter(Q(state=SignIn.State.WAITING) | Q(state=SignIn.State.OFFERED))
                .count()
                + 1
            )
    jobs = (
        Job.objects.filter(center=center, date=today, status=Job.Status.OPEN)
        .prefetch_related("skills")
        .order_by("start_time", "pk")[:20]
    )
    open_jobs = [
        [SkillName(s.code, s.name_es, s.name_en) for s in job.skills.all()] for job in jobs
    ]
    return {"lottery_number": number, "position": position, "open_jobs": open_jobs}
