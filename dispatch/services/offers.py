"""SMS offers: out in queue order, expire and pass on, claimed exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch import reasons
from dispatch.errors import DispatchConflict
from dispatch.models import Assignment, Offer, SignIn
from employers.models import Job
from sms.services import outbox_batch
from workers.models import Worker

from .morning import (
    SMS,
    DispatchResult,
    assignment_create,
    decisions_record,
    free_slots,
    job_dates_ahead,
    job_lock,
    queue_walk,
    signin_after_decline,
)
from .notify import (
    center_phone,
    job_facts,
    job_note,
    job_place,
    job_ride,
    job_what,
    offer_call_queue,
    sms_queue,
)


@transaction.atomic
def offers_send(
    *, job: Job, now: datetime | None = None, passing_on: bool = False
) -> DispatchResult:
    """Text offers for every free place of ``job`` to the next eligible workers.

    ``passing_on``: an offer lapsed or was declined; quietly offer the next worker, if any."""
    now = now or timezone.now()
    try:
        job = job_lock(job)
    except DispatchConflict:
        if passing_on:
            return DispatchResult()
        raise
    wanted = free_slots(job)
    if wanted == 0:
        if passing_on:
            return DispatchResult()
        raise DispatchConflict(
            _("This job has no free places (offers may be waiting for an answer)."),
            code="no_free_slots",
        )
    center = job.center
    minutes = center.offer_timeout_minutes
    context = {
        **job_facts(job),
        "place": job_place(job),
        "minutes": minutes,
        "note": job_note(job),
    }
    # A job of several days is offered whole: the text says its days.
    dates = job_dates_ahead(job)
    kind = "offer_days" if len(dates) > 1 else "offer"
    if len(dates) > 1:
        context |= {"count": len(dates), "day": dates[0], "last": dates[-1]}
    walk = queue_walk(job=job, via=SMS, wanted=wanted)
    result = DispatchResult(skipped=[(signin.worker, why) for signin, why in walk.skipped])
    skipped, offered = list(walk.skipped), []
    with outbox_batch():  # the round's offers go out together, in queue order
        for signin, _how in walk.picks:
            offer = Offer.objects.create(
                center=center,
                job=job,
                worker=signin.worker,
                expires_at=now + timedelta(minutes=minutes),
            )
            message = offer_contact(
                job=job,
                worker=signin.worker,
                offer_id=offer.pk,
                context=context,
                minutes=minutes,
                kind=kind,
            )
            if message is None:  # opted out a moment ago
                Offer.objects.filter(pk=offer.pk).update(state=Offer.State.CANCELLED)
                skipped.append((signin, reasons.NO_SMS))
                result.skipped.append((signin.worker, reasons.NO_SMS))
                continue
            offer.message = message
            offer.save(update_fields=["message"])
            SignIn.objects.filter(pk=signin.pk).update(state=SignIn.State.OFFERED)
            offered.append((signin, "offered", reasons.OFFERED))
            result.offers.append(offer)
    decisions_record(job=job, skipped=skipped, chosen=offered, details=walk.details)
    return result


def offer_contact(
    *,
    job: Job,
    worker: Worker,
    offer_id: int,
    context: dict[str, Any],
    minutes: int,
    kind: str = "offer",
) -> Any:
    """Send an offer the way the worker chose: a call, a text, or both. A call their
    language cannot say (a missing recording, no text-to-speech) goes as a text instead.
    Returns the first row queued (the call when there is one), None when neither can go."""
    call = None
    if worker.wants_calls:
        call = offer_call_queue(
            job=job, worker=worker, offer_id=offer_id, validity_seconds=minutes * 60
        )
    text = None
    if worker.wants_texts or call is None:
        text = sms_queue(
            center=job.center,
            worker=worker,
            kind=kind,
            context=context,
            offer_id=offer_id,
            validity_seconds=minutes * 60,
        )
    return call or text


def call_answer(*, offer_id: int, worker: Worker, accept: bool) -> str:
    """A key pressed on an offer call (registered with ``sms.voice``): the same claim as a
    text's yes or no. Returns what the call says next."""
    offer = Offer.objects.filter(pk=offer_id, worker=worker).first()
    if offer is None:
        return "filled"
    if accept:
        if offer_accept(offer=offer) is not None:
            return "accepted"
        taken = Offer.objects.filter(pk=offer.pk, state=Offer.State.ACCEPTED).exists()
        return "accepted" if taken else "filled"  # taken: already said yes by text
    return "declined" if offer_decline(offer=offer) else "filled"


def offer_sent(*, offer_id: int, sent_at: datetime, valid_seconds: int | None) -> bool:
    """The offer's text left at ``sent_at``: the time to answer counts from then, not from
    when it was queued (a backlog or a restarted worker must not eat the worker's minutes).
    Only ever extends a pending offer. True when its expiry moved."""
    offer = Offer.objects.filter(pk=offer_id).select_related("center").first()
    if offer is None:
        return False
    seconds = valid_seconds or offer.center.offer_timeout_minutes * 60
    expires_at = sent_at + timedelta(seconds=seconds)
    return bool(
        Offer.objects.filter(
            pk=offer_id, state=Offer.State.PENDING, expires_at__lt=expires_at
        ).update(expires_at=expires_at)
    )


def offer_accept(*, offer: Offer, now: datetime | None = None) -> Assignment | None:
    """The worker answered yes. Claims the offer with a conditional update and takes a slot;
    when the job filled meanwhile (or the worker got another job), tells them instead."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One lock order everywhere (job, worker, offer, sign-in), so no deadlocks.
            Job.objects.select_for_update(no_key=True).filter(pk=offer.job_id).first()
            Worker.objects.select_for_update(no_key=True).filter(pk=offer.worker_id).first()
            claimed = Offer.objects.filter(
                pk=offer.pk, state=Offer.State.PENDING, expires_at__gt=now
            ).update(state=Offer.State.ACCEPTED, answered_at=now)
            if not claimed:
                raise DispatchConflict(_("This offer is no longer open."), code="offer_closed")
            offer = Offer.objects.select_related("job__center", "worker").get(pk=offer.pk)
            assignment = assignment_create(
                job=offer.job, worker=offer.worker, how=Assignment.How.SMS_OFFER
            )
            offer.assignment = assignment
            offer.save(update_fields=["assignment"])
            _other_offers_close(offer=offer, now=now)
            job = offer.job
            sms_queue(
                center=job.center,
                worker=offer.worker,
                kind="assignment_details",
                context={
                    **job_facts(job),
                    "address": job.address,
                    "employer": str(job.employer.business_name or job.employer.name),
                    "center_phone": center_phone(job.center),
                    "ride": job_ride(job),
                },
            )
            return assignment
    except DispatchConflict as exc:
        if exc.code == "offer_closed":
            _offer_closed_answer(offer=offer, now=now)
            return None
        # The job filled or the worker is busy: the claim rolled back; close and tell them.
        _offer_end(offer=offer, state=Offer.State.CANCELLED, now=now, kind="job_filled")
        return None


def _other_offers_close(*, offer: Offer, now: datetime) -> None:
    """One job a day: the worker's other pending offers are withdrawn and passed on."""
    if not offer.job.center.one_job_per_day:
        return
    others = list(  # an offer locked by someone else is being closed by them
        Offer.objects.select_for_update(no_key=True, skip_locked=True, of=("self",))
        .filter(worker=offer.worker, state=Offer.State.PENDING)
        .exclude(pk=offer.pk)
    )
    Offer.objects.filter(pk__in=[o.pk for o in others], state=Offer.State.PENDING).update(
        state=Offer.State.CANCELLED, answered_at=now
    )
    for other in others:
        transaction.on_commit(partial(_pass_on, other.job_id))


def _offer_closed_answer(*, offer: Offer, now: datetime) -> None:
    """A yes to an offer that lapsed (the sweeper had not run yet) or was already closed."""
    offer = Offer.objects.select_related("job__center", "worker").get(pk=offer.pk)
    if offer.state == Offer.State.PENDING:  # past expires_at, not swept yet
        offer_expire(offer=offer, now=now)
    elif offer.state in (Offer.State.EXPIRED, Offer.State.CANCELLED):
        kind = "offer_expired" if offer.state == Offer.State.EXPIRED else "job_filled"
        sms_queue(
            center=offer.job.center,
            worker=offer.worker,
            kind=kind,
            context={"what": job_what(offer.job)},
        )


@transaction.atomic
def _offer_end(*, offer: Offer, state: str, now: datetime, kind: str | None) -> bool:
    """Move a pending offer to ``state``; the worker goes back to waiting by the policy."""
    ended = Offer.objects.filter(pk=offer.pk, state=Offer.State.PENDING).update(
        state=state, answered_at=now
    )
    if not ended:
        return False
    offer = Offer.objects.select_related("job__center", "worker").get(pk=offer.pk)
    job = offer.job
    signin_after_decline(center=job.center, worker_id=offer.worker_id, day=job.date)
    if kind:
        sms_queue(
            center=job.center, worker=offer.worker, kind=kind, context={"what": job_what(job)}
        )
    return True


def offer_decline(*, offer: Offer, now: datetime | None = None) -> bool:
    """The worker said no: by the decline policy they keep their place or go to the end, and
    the next worker is offered the job."""
    now = now or timezone.now()
    with transaction.atomic():
        if not _offer_end(offer=offer, state=Offer.State.DECLINED, now=now, kind=None):
            return False
        _decision(offer=offer, why=reasons.DECLINED)
    _pass_on(offer.job_id, now=now)
    return True


def offer_expire(*, offer: Offer, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        if not _offer_end(offer=offer, state=Offer.State.EXPIRED, now=now, kind="offer_expired"):
            return False
        _decision(offer=offer, why=reasons.EXPIRED)
    _pass_on(offer.job_id, now=now)
    return True


def offers_expire(*, now: datetime | None = None) -> int:
    """The sweeper: every pending offer past its time expires and passes on."""
    now = now or timezone.now()
    due = Offer.objects.filter(state=Offer.State.PENDING, expires_at__lte=now).order_by("pk")
    return sum(offer_expire(offer=offer, now=now) for offer in due)


def _decision(*, offer: Offer, why: str) -> None:
    signin = SignIn.objects.filter(worker_id=offer.worker_id, date=offer.job.date).first()
    if signin is not None:
        decisions_record(job=offer.job, skipped=[(signin, why)], chosen=[])


def _pass_on(job_id: int, now: datetime | None = None) -> None:
    job = Job.objects.filter(pk=job_id, status=Job.Status.OPEN).first()
    if job is not None:
        offers_send(job=job, now=now, passing_on=True)


def offer_taken_answer(*, worker: Worker) -> bool:
    """A yes with no offer waiting, from a worker who took a job by SMS today (a second
    "SI"): remind them of the job they have instead of the help text. False when they
    have no such job."""
    today = worker.center.today()
    offer = (
        Offer.objects.filter(
            worker=worker,
            state=Offer.State.ACCEPTED,
            assignment__state=Assignment.State.ACTIVE,
            job__date__gte=today,
        )
        .select_related("job__center")
        .order_by("-answered_at", "-pk")
        .first()
    )
    if offer is None:
        return False
    job = offer.job
    sms_queue(
        center=job.center,
        worker=worker,
        kind="already_assigned",
        context={"what": job_what(job), "day": job.date, "start": job.start_time},
    )
    return True


def pending_offers(*, worker: Worker) -> list[Offer]:
    return list(
        Offer.objects.filter(worker=worker, state=Offer.State.PENDING)
        .select_related("job")
        .order_by("created_at", "pk")
    )


def offers_answer(*, worker: Worker, accept: bool, now: datetime | None = None) -> Any:
    """An SMS yes/no from ``worker``: applies to the oldest pending offer (a yes walks on to
    the next one when a job filled meanwhile). None when nothing was waiting."""
    offers = pending_offers(worker=worker)
    if not offers:
        return None
    if not accept:
        if offer_decline(offer=offers[0], now=now):
            job = offers[0].job
            sms_queue(
                center=job.center,
                worker=worker,
                kind="offer_declined",
                context={"what": job_what(job)},
            )
        return offers[0]
    for offer in offers:
        if offer_accept(offer=offer, now=now) is not None:
            return offer
    return offers[0]
