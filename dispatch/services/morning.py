"""The morning loop's writes: sign-in, the lottery draw, the dispatch engine, assignments."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centers.history import save_with_history
from centers.models import Center
from centers.queue import stats_touch
from dispatch import lottery, reasons
from dispatch.errors import DispatchConflict, DispatchError, OutOfTurnError
from dispatch.models import (
    LIVE_ASSIGNMENT,
    Assignment,
    Departure,
    DispatchDecision,
    LotteryDraw,
    Offer,
    PriorityFlag,
    SignIn,
)
from dispatch.selectors import gating
from dispatch.selectors.morning import draw_proof
from employers.models import Job
from employers.notify import employer_tell
from employers.selectors import declined_worker_ids, job_work_dates
from sms.services import outbox_batch
from workers.models import Worker
from workers.selectors import badge_read

from .notify import job_what, sms_queue, worker_number_tell

logger = logging.getLogger(__name__)

Decision = DispatchDecision.Outcome
DESK, SMS = "desk", "sms"


def cutoff_at(center: Center, day: date) -> datetime:
    return center.local_datetime(day, center.lottery_cutoff)


def opens_at(center: Center, day: date) -> datetime:
    return center.local_datetime(day, center.signin_opens)


# --- sign-in ---------------------------------------------------------------------------


def draw_get_or_create(*, center: Center, day: date) -> LotteryDraw:
    """The day's draw row; created with a fresh secret seed so its commitment can be shown."""
    draw = LotteryDraw.objects.filter(center=center, date=day).first()
    if draw is not None:
        return draw
    seed = lottery.new_seed()
    try:
        with transaction.atomic():
            return LotteryDraw.objects.create(
                center=center,
                date=day,
                mode=center.lottery_mode,
                seed=seed,
                commitment=lottery.commitment(seed),
            )
    except IntegrityError:
        return LotteryDraw.objects.get(center=center, date=day)


def signin_create(
    *,
    center: Center,
    badge: int | str | None = None,
    worker: Worker | None = None,
    method: str = SignIn.Method.SCAN,
    now: datetime | None = None,
) -> SignIn:
    """Sign a worker in for the center's today, by badge or by a worker chosen in a search.

    ``badge`` is what was scanned or typed: a card's code or a short badge number
    (``workers.selectors.badge_read``). Refuses a second sign-in, a suspended or inactive
    worker, another center's card and a mistyped code, each with a reason meant to be shown
    large at the desk."""
    try:
        return _signin_create(center=center, badge=badge, worker=worker, method=method, now=now)
    except IntegrityError as exc:  # two scans of one badge at the same instant
        raise DispatchConflict(
            _("This worker is already signed in today."), code="already_signed_in"
        ) from exc


def _signin_create(
    *,
    center: Center,
    badge: int | str | None,
    worker: Worker | None,
    method: str,
    now: datetime | None,
) -> SignIn:
    now = now or timezone.now()
    day = now.astimezone(center.tz).date()
    entrant = _signin_worker(center=center, badge=badge, worker=worker, day=day)
    if entrant.away_signin_id is not None and method != SignIn.Method.TEXT:
        # Joined by text and now at the desk: the same entry turns present, no second one.
        SignIn.objects.filter(pk=entrant.away_signin_id).update(present=True)
        arrived = SignIn.objects.get(pk=entrant.away_signin_id)
        arrived.worker = entrant
        stats_touch(center_id=center.pk, day=day)
        return arrived
    if entrant.signin_at is not None:
        raise DispatchConflict(
            _("%(name)s already signed in today at %(time)s.")
            % {
                "name": entrant.known_as,
                "time": time_format(entrant.signin_at.astimezone(center.tz), "H:i"),
            },
            code="already_signed_in",
        )
    refusal = entrant.signin_refusal(day)
    if refusal:
        raise DispatchError(
            _("%(name)s cannot sign in: %(reason)s.")
            % {"name": entrant.known_as, "reason": refusal},
            code="signin_refused",
        )
    if now < opens_at(center, day):
        raise DispatchError(
            _("Sign-in opens at %(time)s.") % {"time": time_format(center.signin_opens, "H:i")},
            code="signin_not_open",
        )
    if entrant.draw_id is None:  # the day's first sign-in: the commitment is made now
        entrant.draw_id = draw_get_or_create(center=center, day=day).pk
    drawn = entrant.draw_drawn_at is not None
    signin = SignIn(
        center=center, date=day, worker=entrant, signed_in_at=now, method=method, late=False
    )
    if drawn or now >= cutoff_at(center, day):
        signin.late = True
    if not drawn:
        signin.save(force_insert=True)  # one statement: no transaction needed
    else:
        # After the draw a late arrival joins the end; the draw row serializes the numbering.
        with transaction.atomic():
            LotteryDraw.objects.select_for_update(no_key=True).filter(pk=entrant.draw_id).first()
            last = SignIn.objects.filter(center=center, date=day).aggregate(
                number=Max("lottery_number"), position=Max("position")
            )
            signin.lottery_number = (last["number"] or 0) + 1
            signin.position = (last["position"] or 0) + 1
            signin.save(force_insert=True)
    stats_touch(center_id=center.pk, day=day)
    signin.worker = entrant
    return signin


def _signin_worker(
    *, center: Center, badge: int | str | None, worker: Worker | None, day: date
) -> Any:
    """The worker, with ``signin_at`` of an earlier sign-in today (``away_signin_id`` when
    it was by text and they have not arrived) and the day's draw (``draw_id``,
    ``draw_drawn_at``), in one query."""
    if worker is None:
        badge = badge_read(center=center, text="" if badge is None else badge)
    earlier = SignIn.objects.filter(worker=OuterRef("pk"), date=day).values("signed_in_at")[:1]
    away = SignIn.objects.filter(
        worker=OuterRef("pk"), date=day, method=SignIn.Method.TEXT, present=False
    ).exclude(state=SignIn.State.LEFT)
    draw = LotteryDraw.objects.filter(center=center, date=day)
    workers = Worker.objects.filter(center=center).annotate(
        signin_at=Subquery(earlier),
        away_signin_id=Subquery(away.values("pk")[:1]),
        draw_id=Subquery(draw.values("pk")[:1]),
        draw_drawn_at=Subquery(draw.values("drawn_at")[:1]),
    )
    if worker is not None:
        found = workers.filter(pk=worker.pk).first()
        if found is None:
            raise DispatchError(_("This worker belongs to another center."), code="other_center")
        return found
    found = workers.filter(badge=badge).first() if badge is not None else None
    if found is not None:
        return found
    if badge is not None and Worker.objects.filter(badge=badge).exclude(center=center).exists():
        raise DispatchError(
            _("Badge %(badge)s belongs to another center.") % {"badge": badge},
            code="other_center",
            field="badge",
        )
    raise DispatchError(
        _("No worker has badge %(badge)s.") % {"badge": badge}, code="unknown_badge", field="badge"
    )


@transaction.atomic
def signin_update(*, signin: SignIn, present: bool) -> SignIn:
    """The desk marks a worker away (reachable by SMS) or back at the center."""
    signin = SignIn.objects.select_for_update(no_key=True).get(pk=signin.pk)
    signin.present = present
    signin.save(update_fields=["present"])
    return signin


#: How long the desk may undo "left" (a mistaken click), in minutes.
LEAVE_UNDO_MINUTES = 10


@transaction.atomic
def signin_leave(*, signin: SignIn, by: Any = None) -> Departure:
    """The worker has gone for the day ("se fue"): out of the line. What the sign-in was is
    kept on the departure, so ``signin_leave_undo`` can put it back for a short while."""
    signin = SignIn.objects.select_for_update(no_key=True).get(pk=signin.pk)
    if signin.state == SignIn.State.LEFT:
        raise DispatchConflict(
            _("This worker is already marked as gone for the day."), code="already_left"
        )
    departure = Departure(
        center_id=signin.center_id,
        signin=signin,
        state_before=signin.state,
        present_before=signin.present,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    save_with_history(departure, by=by)
    signin.state = SignIn.State.LEFT
    signin.save(update_fields=["state"])
    return departure


@transaction.atomic
def signin_leave_undo(*, signin: SignIn, by: Any = None, now: datetime | None = None) -> SignIn:
    """Undo the latest "left" of a sign-in within ``LEAVE_UNDO_MINUTES``: the worker is back
    as they were (waiting, offered or dispatched; at the center or away), recorded in the
    departure's history. An offer or a dispatch that ended meanwhile puts them back waiting."""
    now = now or timezone.now()
    signin = SignIn.objects.select_for_update(no_key=True).get(pk=signin.pk)
    departure = (
        Departure.objects.select_for_update(no_key=True)
        .filter(signin=signin, undone_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if departure is None or signin.state != SignIn.State.LEFT:
        raise DispatchConflict(_("This worker is not marked as gone."), code="not_left")
    if now - departure.created_at > timedelta(minutes=LEAVE_UNDO_MINUTES):
        raise DispatchConflict(
            _("“Left” can only be undone within %(minutes)s minutes of marking it.")
            % {"minutes": LEAVE_UNDO_MINUTES},
            code="undo_expired",
        )
    state = departure.state_before
    if (
        state == SignIn.State.OFFERED
        and not Offer.objects.filter(
            worker_id=signin.worker_id, job__date=signin.date, state=Offer.State.PENDING
        ).exists()
    ):
        state = SignIn.State.WAITING
    if (
        state == SignIn.State.DISPATCHED
        and not Assignment.objects.filter(
            LIVE_ASSIGNMENT, worker_id=signin.worker_id, date=signin.date
        ).exists()
    ):
        state = SignIn.State.WAITING
    signin.state = state
    signin.present = departure.present_before
    signin.save(update_fields=["state", "present"])
    departure.undone_at = now
    departure.undone_by = by if getattr(by, "is_authenticated", False) else None
    save_with_history(departure, by=by, fields=["undone_at", "undone_by"])
    return signin


@transaction.atomic
def priority_flag_set(*, signin: SignIn, list_name: str, by: Any = None, on: bool = True) -> None:
    """Put a signed-in worker ahead of the draw (a volunteer of the day, a special list), or
    take them off; only before the draw. Every change is kept in the flag's history."""
    draw = LotteryDraw.objects.filter(center_id=signin.center_id, date=signin.date).first()
    if draw is not None and draw.is_drawn:
        raise DispatchConflict(
            _("The lottery is already drawn; priority can only be given before."), code="drawn"
        )
    flags = PriorityFlag.objects.filter(date=signin.date, worker_id=signin.worker_id)
    if not on:
        for flag in flags:
            flag.delete()
        return
    if not flags.exists():
        PriorityFlag.objects.create(
            center_id=signin.center_id,
            date=signin.date,
            worker_id=signin.worker_id,
            list_name=list_name,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
    logger.info("priority flag for sign-in %s by %s", signin.pk, by)


def signin_after_decline(*, center: Center, worker_id: int, day: date) -> None:
    """A worker said no (or let an offer lapse): back to waiting, by the decline policy."""
    signin = (
        SignIn.objects.select_for_update(no_key=True).filter(worker_id=worker_id, date=day).first()
    )
    if signin is None or signin.state not in (SignIn.State.OFFERED, SignIn.State.WAITING):
        return
    signin.state = SignIn.State.WAITING
    if center.decline_policy == Center.DeclinePolicy.MOVE_TO_END and signin.position is not None:
        last = SignIn.objects.filter(center=center, date=day).aggregate(p=Max("position"))["p"]
        signin.position = (last or 0) + 1
    signin.save(update_fields=["state", "position"])


# --- the lottery -----------------------------------------------------------------------


def lottery_inputs(*, center: Center, day: date, until: datetime) -> tuple[lottery.Inputs, dict]:
    """What the draw depends on, read with a fixed number of queries; and signin ids by badge."""
    rows = list(
        SignIn.objects.filter(center=center, date=day).values_list(
            "pk",
            "worker_id",
            "worker__badge",
            "signed_in_at",
            "worker__status",
            "method",
            "present",
        )
    )
    expired_lower = center.expired_member_policy == Center.ExpiredMemberPolicy.LOWER_TIER
    # Joined by text and still away: drawn with everyone, or after those present.
    after_present = center.remote_join_order == Center.RemoteJoinOrder.AFTER_PRESENT
    week, month = day - timedelta(days=7), day - timedelta(days=30)
    jobs = {
        row["worker_id"]: row
        for row in Assignment.objects.filter(
            LIVE_ASSIGNMENT, center=center, date__gte=month, date__lt=day
        )
        .values("worker_id")
        .annotate(month=Count("pk"), week=Count("pk", filter=Q(date__gte=week)))
    }
    days_in = dict(
        SignIn.objects.filter(center=center, date__gte=month, date__lt=day)
        .values("worker_id")
        .annotate(n=Count("pk"))
        .values_list("worker_id", "n")
    )
    flagged = set(
        PriorityFlag.objects.filter(center=center, date=day).values_list("worker_id", flat=True)
    )
    inputs = lottery.Inputs(mode=center.lottery_mode)
    for _pk, worker_id, badge, signed_in_at, status, method, present in rows:
        away = after_present and method == SignIn.Method.TEXT and not present
        if signed_in_at < until and not away:
            worked: Mapping[str, Any] = jobs.get(worker_id, {})
            inputs.entries.append(
                lottery.Entry(
                    badge=badge,
                    priority=worker_id in flagged,
                    jobs_7d=worked.get("week", 0),
                    days_30d=days_in.get(worker_id, 0),
                    jobs_30d=worked.get("month", 0),
                    lower_tier=expired_lower and status == Worker.Status.EXPIRED,
                )
            )
        else:
            inputs.late.append(lottery.Late(badge=badge, signed_in_at=_iso(signed_in_at)))
    inputs.entries.sort(key=lambda entry: entry.badge)
    return inputs, {row[2]: row[0] for row in rows}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@transaction.atomic
def lottery_draw(
    *,
    center: Center,
    day: date | None = None,
    by: Any = None,
    now: datetime | None = None,
    notify: bool = True,
) -> LotteryDraw:
    """Draw the day's order, number everyone, reveal the seed and text each worker's number.

    Run by the beat task at the cutoff, or earlier by a coordinator's button (logged)."""
    now = now or timezone.now()
    day = day or now.astimezone(center.tz).date()
    draw = draw_get_or_create(center=center, day=day)
    draw = LotteryDraw.objects.select_for_update(no_key=True).get(pk=draw.pk)
    if draw.is_drawn:
        raise DispatchConflict(_("This day's lottery has already been drawn."), code="drawn")
    cutoff = cutoff_at(center, day)
    inputs, signin_ids = lottery_inputs(center=center, day=day, until=min(now, cutoff))
    order = lottery.draw(draw.seed, inputs)
    late = {item.badge for item in inputs.late}
    positions_store(
        [(signin_ids[badge], number, badge in late) for number, badge in enumerate(order, 1)]
    )
    draw.mode = inputs.mode
    draw.inputs = {**inputs.as_dict(), "cutoff": _iso(cutoff), "early": now < cutoff}
    draw.order = order
    draw.drawn_at = now
    draw.drawn_by = by if getattr(by, "is_authenticated", False) else None
    draw.save()
    if now < cutoff:
        logger.info("lottery drawn early: center=%s day=%s by=%s", center.slug, day, draw.drawn_by)
    if notify:
        lottery_numbers_send(draw=draw)
    return draw


def positions_store(rows: list[tuple[int, int, bool]]) -> None:
    """Write (signin id, number, late) for a whole draw in one set-based statement."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        ids, numbers, late = (list(column) for column in zip(*rows, strict=True))
        table = SignIn._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS s SET lottery_number = v.n, position = v.n, late = v.late "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::integer[], %s::boolean[]) AS v(id, n, late) "
                "WHERE s.id = v.id",
                [ids, numbers, late],
            )
        return
    objs = [
        SignIn(pk=pk, lottery_number=number, position=number, late=is_late)
        for pk, number, is_late in rows
    ]
    SignIn.objects.bulk_update(objs, ["lottery_number", "position", "late"], batch_size=500)


def lottery_numbers_send(*, draw: LotteryDraw) -> int:
    """Tell each signed-in worker who can be reached their number (by text or call, as
    they chose), so they may wait off-site."""
    signins = (
        SignIn.objects.filter(center=draw.center, date=draw.date, lottery_number__isnull=False)
        .exclude(worker__phone="")
        .filter(worker__sms_consent_at__isnull=False, worker__sms_opted_out_at__isnull=True)
        .select_related("worker")
    )
    sent = 0
    with outbox_batch():
        for signin in signins:
            number = signin.lottery_number
            if number is not None and worker_number_tell(
                center=draw.center, worker=signin.worker, number=number, day=draw.date
            ):
                sent += 1
    return sent


def lottery_due(*, now: datetime | None = None) -> list[LotteryDraw]:
    """Undrawn draws whose center's local cutoff has passed (DST-safe: local wall time)."""
    now = now or timezone.now()
    due = []
    for draw in LotteryDraw.objects.filter(drawn_at__isnull=True).select_related("center"):
        if cutoff_at(draw.center, draw.date) <= now:
            due.append(draw)
    return due


def lottery_draw_due(*, now: datetime | None = None) -> int:
    drawn = 0
    for draw in lottery_due(now=now):
        try:
            lottery_draw(center=draw.center, day=draw.date, now=now)
            drawn += 1
        except DispatchConflict:
            continue  # drawn by a coordinator in the meantime
    return drawn


def lottery_verify(*, draw: LotteryDraw) -> bool:
    """The published proof of the draw checks out (the verifier anyone can run)."""
    return draw.is_drawn and not lottery.proof_problems(draw_proof(draw))


# --- the dispatch engine ----------------------------------------------------------------


@dataclass
class Walk:
    """Who the engine picked for a job, and who it passed over and why."""

    picks: list[tuple[SignIn, str]] = field(default_factory=list)
    skipped: list[tuple[SignIn, str]] = field(default_factory=list)
    #: What exactly a skipped worker lacks (``gating.Gap.detail``), by worker id.
    details: dict[int, str] = field(default_factory=dict)


@dataclass
class DispatchResult:
    assignments: list[Assignment] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    skipped: list[tuple[Worker, str]] = field(default_factory=list)


def queue_walk(*, job: Job, via: str, wanted: int, exclude: set[int] = frozenset()) -> Walk:  # type: ignore[assignment]
    """Walk today's queue for ``job``: employer requests first (when allowed), then queue order.

    Takes the first ``wanted`` workers who are waiting, hold every skill, are not suspended,
    have no job today (under one-job-per-day), have not turned this job down, and are at the
    center (``desk``) or can get a text (``sms``)."""
    center = job.center
    day = job.date
    needed = set(job.skills.values_list("pk", flat=True))
    signins = list(
        SignIn.objects.filter(center=center, date=day)
        .exclude(state__in=[SignIn.State.LEFT, SignIn.State.PASSED])
        .select_related("worker")
        .prefetch_related("worker__skills")
        .order_by(F("position").asc(nulls_last=True), "signed_in_at", "pk")
    )
    for signin in signins:  # ``signin_refusal`` reads the center's expired-member policy
        signin.worker.center = center
    live = Assignment.objects.filter(LIVE_ASSIGNMENT, date=day, worker__center=center)
    on_job = set(live.filter(job=job).values_list("worker_id", flat=True))
    busy = set(live.filter(exclusive=True).values_list("worker_id", flat=True))
    # A job of several days: busy on a later day of it is a reason too.
    later = [d for d in job_dates_ahead(job) if d != day]
    busy_later = set(
        Assignment.objects.filter(
            LIVE_ASSIGNMENT, date__in=later, worker__center=center, exclusive=True
        )
        .exclude(job=job)
        .values_list("worker_id", flat=True)
    )
    turned_down = dict(
        Offer.objects.filter(
            job=job, state__in=[Offer.State.DECLINED, Offer.State.EXPIRED]
        ).values_list("worker_id", "state")
    )
    requested = (
        set(job.requested_workers.values_list("pk", flat=True))
        if center.allow_employer_requests
        else set()
    )
    declined = declined_worker_ids(employer_id=job.employer_id)
    walk = Walk()
    gaps = gating.workers_gaps(
        requirements=gating.job_requirements(job),
        workers=[(s.worker_id, s.worker.english_level) for s in signins],
        day=day,
    )

    def reason_not(signin: SignIn) -> str | None:
        worker = signin.worker
        if worker.pk in declined:
            return reasons.EMPLOYER_DECLINED
        if worker.signin_refusal(day):
            return reasons.SUSPENDED
        if not needed <= {skill.pk for skill in worker.skills.all()}:
            return reasons.MISSING_SKILL
        if worker.pk in gaps:
            gap = gaps[worker.pk][0]
            walk.details[worker.pk] = gap.detail
            return gap.code
        if worker.pk in on_job:
            return reasons.ALREADY_ON_JOB
        if center.one_job_per_day and worker.pk in busy:
            return reasons.HAS_JOB_TODAY
        if center.one_job_per_day and worker.pk in busy_later:
            return reasons.HAS_JOB_ON_A_DAY
        if worker.pk in turned_down:
            return reasons.DECLINED if turned_down[worker.pk] == "declined" else reasons.EXPIRED
        if signin.state == SignIn.State.OFFERED:
            return reasons.OFFER_PENDING
        if via == DESK and not signin.present:
            return reasons.AWAY
        if via == SMS and not worker.sms_reachable:
            return reasons.NO_SMS
        return None

    first = [s for s in signins if s.worker_id in requested]
    rest = [s for s in signins if s.worker_id not in requested]
    for group, how in ((first, Assignment.How.EMPLOYER_REQUEST), (rest, Assignment.How.LOTTERY)):
        for signin in group:
            if len(walk.picks) >= wanted:
                return walk
            if signin.worker_id in exclude:
                continue
            if signin.state == SignIn.State.DISPATCHED and (
                center.one_job_per_day or signin.worker_id in on_job
            ):
                continue  # has their job; not a candidate, nothing to explain
            why = reason_not(signin)
            if why:
                walk.skipped.append((signin, why))
            else:
                walk.picks.append((signin, how))
    return walk


def decisions_record(
    *,
    job: Job,
    skipped: list[tuple[SignIn, str]],
    chosen: list[tuple[SignIn, str, str]],
    details: dict[int, str] | None = None,
) -> None:
    """Write why each worker was passed over (with what exactly they lack, ``details`` by
    worker id), and why the chosen ones were chosen."""
    details = details or {}
    rows = [
        DispatchDecision(
            center_id=job.center_id,
            date=job.date,
            job=job,
            worker_id=signin.worker_id,
            outcome=Decision.SKIPPED,
            reason=why,
            detail=details.get(signin.worker_id, "")[:255],
            position=signin.position,
        )
        for signin, why in skipped
    ]
    rows += [
        DispatchDecision(
            center_id=job.center_id,
            date=job.date,
            job=job,
            worker_id=signin.worker_id,
            outcome=outcome,
            reason=why,
            position=signin.position,
        )
        for signin, outcome, why in chosen
    ]
    DispatchDecision.objects.bulk_create(rows)


def job_lock(job: Job) -> Job:
    job = (
        Job.objects.select_for_update(no_key=True, of=("self",))
        .select_related("center")
        .get(pk=job.pk)
    )
    if job.status != Job.Status.OPEN:
        raise DispatchConflict(
            _("This job is %(status)s.") % {"status": job.get_status_display().lower()},
            code="job_not_open",
        )
    return job


def job_taken(job: Job) -> list[tuple[int, int]]:
    """The (slot, worker id) pairs of ``job``'s live assignments: one per worker, however
    many days the job spans (each day has its own row)."""
    return list(
        job.assignments.filter(LIVE_ASSIGNMENT)
        .values_list("slot", "worker_id")
        .distinct()
        .order_by("slot", "worker_id")
    )


def job_dates_ahead(job: Job) -> list[date]:
    """The days a worker sent to ``job`` now is booked for: its days left from today (all
    of its days when it is over: a job recorded afterwards)."""
    dates = job_work_dates(job)
    ahead = [day for day in dates if day >= job.center.today()]
    return ahead or dates


def free_slots(job: Job) -> int:
    live = len(job_taken(job))
    pending = job.offers.filter(state=Offer.State.PENDING).count()
    return max(0, job.workers_needed - live - pending)


@transaction.atomic
def job_dispatch_desk(*, job: Job, by: Any = None) -> DispatchResult:
    """Assign the next eligible workers at the center to every free slot of ``job``."""
    job = job_lock(job)
    wanted = free_slots(job)
    if wanted == 0:
        raise DispatchConflict(
            _("This job has no free places (offers may be waiting for an answer)."),
            code="no_free_slots",
        )
    result = DispatchResult()
    lost: set[int] = set()
    for _round in range(3):  # a worker taken by another desk meanwhile: walk on
        walk = queue_walk(job=job, via=DESK, wanted=wanted - len(result.assignments), exclude=lost)
        decisions_record(job=job, skipped=walk.skipped, chosen=[], details=walk.details)
        result.skipped += [(signin.worker, why) for signin, why in walk.skipped]
        for signin, how in walk.picks:
            try:
                with transaction.atomic():
                    assignment = assignment_create(
                        job=job, worker=signin.worker, how=how, by=by, signin=signin
                    )
            except DispatchConflict:
                lost.add(signin.worker_id)
                decisions_record(job=job, skipped=[(signin, reasons.HAS_JOB_TODAY)], chosen=[])
                result.skipped.append((signin.worker, reasons.HAS_JOB_TODAY))
                continue
            result.assignments.append(assignment)
        if len(result.assignments) >= wanted or not walk.picks:
            break
    return result


def assignable_check(*, job: Job, worker: Worker) -> list[tuple[int, int]]:
    """Refuse a worker who cannot take ``job`` at all (another center, suspended, already on
    it or on another job today under one-job-a-day) or a full job; the job's live
    (slot, worker id) pairs otherwise."""
    if worker.center_id != job.center_id:
        raise DispatchError(_("This worker belongs to another center."), code="other_center")
    refusal = worker.signin_refusal(job.date)
    if refusal:
        raise DispatchError(
            _("%(name)s cannot be dispatched: %(reason)s.")
            % {"name": worker.known_as, "reason": refusal},
            code="suspended",
        )
    taken = job_taken(job)
    if worker.pk in declined_worker_ids(employer_id=job.employer_id):
        raise DispatchError(
            _("%(name)s cannot be sent to this employer: %(reason)s.")
            % {"name": worker.known_as, "reason": reasons.label(reasons.EMPLOYER_DECLINED).lower()},
            code="employer_declined",
        )
    if any(worker_id == worker.pk for _slot, worker_id in taken):
        raise DispatchConflict(
            _("%(name)s is already on this job.") % {"name": worker.known_as}, code="on_job"
        )
    if len(taken) >= job.workers_needed:
        raise DispatchConflict(_("This job already has all the workers it needs."), code="full")
    gaps = gating.workers_gaps(
        requirements=gating.job_requirements(job),
        workers=[(worker.pk, worker.english_level)],
        day=job.date,
    ).get(worker.pk)
    if gaps:
        names = gating.training_names()
        # A conflict: an offer accepted after a certificate lapsed is closed, not an error.
        raise DispatchConflict(
            _("%(name)s cannot be dispatched to this job: %(reason)s.")
            % {
                "name": worker.known_as,
                "reason": "; ".join(gating.gap_text(g.code, g.detail, names) for g in gaps),
            },
            code=gaps[0].code,
        )
    dates = job_dates_ahead(job)
    if not dates:
        raise DispatchConflict(_("This job has no days left to work."), code="no_days_left")
    if job.center.one_job_per_day:
        busy = (
            Assignment.objects.filter(
                LIVE_ASSIGNMENT, worker=worker, date__in=dates, exclusive=True
            )
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        if busy == job.date:
            raise DispatchConflict(
                _("%(name)s already has a job today.") % {"name": worker.known_as},
                code="has_job_today",
            )
        if busy is not None:
            raise DispatchConflict(
                _("%(name)s already has a job on %(day)s, one of this job's days.")
                % {"name": worker.known_as, "day": date_format(busy, "SHORT_DATE_FORMAT")},
                code="has_job_on_a_day",
            )
    return taken


# --- a worker chosen by hand -------------------------------------------------------------

OutOfTurnReason = DispatchDecision.OutOfTurnReason


@dataclass
class OutOfTurn:
    """Why a worker chosen by hand goes out of turn, and the reason the desk gave."""

    causes: list[str] = field(default_factory=list)
    ahead: int = 0
    reason: str = ""
    note: str = ""


def out_of_turn_check(*, job: Job, worker: Worker) -> OutOfTurn:
    """What makes giving ``job`` to ``worker`` now out of turn (no causes: in turn).

    Out of turn is: not signed in today, lacking a skill the job needs, or being behind
    (or outside) the line while eligible workers ahead of them would take every free place
    (``queue_walk``, as "Dispatch next" would walk it). Reads only; nothing is written."""
    check = OutOfTurn()
    signin = SignIn.objects.filter(center_id=job.center_id, date=job.date, worker=worker).first()
    if signin is None:
        check.causes.append(reasons.NOT_SIGNED_IN)
    needed = set(job.skills.values_list("pk", flat=True))
    if needed - set(worker.skills.values_list("pk", flat=True)):
        check.causes.append(reasons.MISSING_SKILL)
    free = free_slots(job)
    if free == 0:
        return check  # the job is full: assignment_create says so
    others = queue_walk(job=job, via=DESK, wanted=10**9, exclude={worker.pk}).picks
    if signin is None or signin.state in (SignIn.State.LEFT, SignIn.State.PASSED):
        check.ahead = len(others)
    else:
        requested = (
            set(job.requested_workers.values_list("pk", flat=True))
            if job.center.allow_employer_requests
            else set()
        )

        def place(row: SignIn) -> tuple[bool, float, datetime, int]:
            position = float("inf") if row.position is None else row.position
            return (row.worker_id not in requested, position, row.signed_in_at, row.pk)

        check.ahead = sum(1 for other, _how in others if place(other) < place(signin))
    if check.ahead >= free:
        check.causes.append(reasons.AHEAD_OF_LINE)
    return check


def _out_of_turn_causes_text(check: OutOfTurn) -> str:
    parts = []
    for cause in check.causes:
        if cause == reasons.AHEAD_OF_LINE:
            parts.append(
                ngettext(
                    "%(count)s eligible worker is ahead in line",
                    "%(count)s eligible workers are ahead in line",
                    check.ahead,
                )
                % {"count": check.ahead}
            )
        else:
            parts.append(reasons.label(cause).lower())
    return "; ".join(parts)


def out_of_turn_choices() -> list[dict[str, str]]:
    return [{"code": code, "label": str(label)} for code, label in OutOfTurnReason.choices]


@transaction.atomic
def assignment_direct(
    *,
    job: Job,
    badge: int | str | None = None,
    worker: Worker | None = None,
    by: Any = None,
    reason: str = "",
    reason_note: str = "",
) -> Assignment:
    """The desk gives ``job`` to one worker it names (by a scanned or typed badge).

    A worker out of turn (:func:`out_of_turn_check`) needs a reason from
    ``OutOfTurnReason`` (``other`` with a note); without one this refuses with
    :class:`OutOfTurnError`, whose ``extra`` lists the causes and the choices, and writes
    nothing. The reason is kept on the dispatch decision with the coordinator."""
    job = job_lock(job)
    center = job.center
    if worker is None:
        number = badge_read(center=center, text="" if badge is None else badge)
        worker = Worker.objects.filter(center=center, badge=number, erased_at__isnull=True).first()
        if worker is None:
            raise DispatchError(
                _("No worker has badge %(badge)s.") % {"badge": number},
                code="unknown_badge",
                field="badge",
            )
    assignable_check(job=job, worker=worker)  # refused outright: no reason asked for
    reason, note = (reason or "").strip(), (reason_note or "").strip()
    check = out_of_turn_check(job=job, worker=worker)
    if not check.causes:
        return assignment_create(job=job, worker=worker, how=Assignment.How.WALK_IN, by=by)
    if not reason:
        raise OutOfTurnError(
            _("%(name)s (#%(badge)s) is out of turn: %(causes)s. Choose a reason.")
            % {
                "name": worker.known_as,
                "badge": worker.badge,
                "causes": _out_of_turn_causes_text(check),
            },
            field="reason",
            extra={
                "out_of_turn": check.causes,
                "ahead": check.ahead,
                "reasons": out_of_turn_choices(),
            },
        )
    if reason not in OutOfTurnReason.values:
        raise DispatchError(
            _("Choose one of the reasons offered."), code="invalid_reason", field="reason"
        )
    if reason == OutOfTurnReason.OTHER and not note:
        raise DispatchError(
            _("Say in a few words why this worker goes out of turn."),
            code="reason_note_required",
            field="reason_note",
        )
    check.reason, check.note = reason, note[:255]
    return assignment_create(
        job=job, worker=worker, how=Assignment.How.WALK_IN, by=by, out_of_turn=check
    )


#: Why a worker was chosen, by how the assignment was made (when the caller gives no reason).
CHOSEN_BY_HOW: dict[str, str] = {
    Assignment.How.LOTTERY: reasons.CHOSEN_QUEUE,
    Assignment.How.EMPLOYER_REQUEST: reasons.CHOSEN_REQUEST,
    Assignment.How.SMS_OFFER: reasons.CHOSEN_OFFER,
}


@transaction.atomic
def assignment_create(
    *,
    job: Job,
    worker: Worker,
    how: str,
    by: Any = None,
    signin: SignIn | None = None,
    reason: str | None = None,
    out_of_turn: OutOfTurn | None = None,
) -> Assignment:
    """Give ``worker`` the first free slot of ``job``. Locks the job, then the worker; the
    database's constraints back the checks, so no race can double-book a slot or a worker.

    ``out_of_turn`` (from :func:`assignment_direct`) is kept on the decision: what made the
    choice out of turn and the reason the coordinator gave."""
    job = job_lock(job)
    center = job.center
    worker = Worker.objects.select_for_update(no_key=True).get(pk=worker.pk)
    taken = assignable_check(job=job, worker=worker)
    slot = min(set(range(1, job.workers_needed + 1)) - {s for s, _w in taken})
    try:
        with transaction.atomic():
            # One row per day the job is worked: each day is a worker-day, held by the
            # database's one-job-a-day constraint and logged (hours, pay) on its own.
            rows = [
                Assignment.objects.create(
                    center=center,
                    job=job,
                    worker=worker,
                    date=day,
                    slot=slot,
                    exclusive=center.one_job_per_day,
                    how=how,
                    created_by=by if getattr(by, "is_authenticated", False) else None,
                )
                for day in job_dates_ahead(job)
            ]
            assignment = rows[0]
    except IntegrityError as exc:
        raise DispatchConflict(
            _("Someone else just took this place; try again."), code="taken"
        ) from exc
    if signin is None:
        signin = SignIn.objects.filter(center=center, date=job.date, worker=worker).first()
    if signin is not None:
        SignIn.objects.filter(pk=signin.pk).update(state=SignIn.State.DISPATCHED)
    why = reason or CHOSEN_BY_HOW.get(how, reasons.CHOSEN_DIRECT)
    if out_of_turn is not None:
        why = reasons.CHOSEN_OUT_OF_TURN
    elif how == Assignment.How.EMPLOYER_REQUEST or (
        how == Assignment.How.SMS_OFFER
        and center.allow_employer_requests
        and job.requested_workers.filter(pk=worker.pk).exists()
    ):
        # Honoured under the center's rules, ahead of the line (at the desk or by an SMS
        # offer): out of turn, and why.
        out_of_turn = OutOfTurn(
            causes=[reasons.CHOSEN_REQUEST], reason=OutOfTurnReason.EMPLOYER_REQUEST
        )
    DispatchDecision.objects.create(
        center=center,
        date=job.date,
        job=job,
        worker=worker,
        outcome=Decision.CHOSEN,
        reason=why,
        position=signin.position if signin else None,
        out_of_turn=",".join(out_of_turn.causes) if out_of_turn else "",
        out_of_turn_reason=out_of_turn.reason if out_of_turn else "",
        reason_note=out_of_turn.note if out_of_turn else "",
        decided_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if len(taken) + 1 >= job.workers_needed:
        job.status = Job.Status.FILLED
        job.save(update_fields=["status"])
        offers_close(job=job, kind="job_filled")
        employer_tell(job=job, notice="workers_coming", workers=coming_workers(job))
    for row in rows:
        stats_touch(center_id=center.pk, day=row.date)
    return assignment


def coming_workers(job: Job) -> list[Worker]:
    """The workers dispatched to ``job``, in slot order (for what the employer is told)."""
    return [
        a.worker
        for a in job.assignments.filter(state=Assignment.State.ACTIVE)
        .select_related("worker")
        .order_by("slot")
    ]


def offers_close(*, job: Job, kind: str) -> int:
    """The job is full (``job_filled``) or called off (``job_cancelled``): cancel its pending
    offers, put those workers back in line and tell them."""
    pending = list(
        Offer.objects.select_for_update(no_key=True, of=("self",))
        .filter(job=job, state=Offer.State.PENDING)
        .select_related("worker")
    )
    if not pending:
        return 0
    Offer.objects.filter(pk__in=[o.pk for o in pending]).update(
        state=Offer.State.CANCELLED, answered_at=timezone.now()
    )
    for offer in pending:
        signin_after_decline(center=job.center, worker_id=offer.worker_id, day=job.date)
        sms_queue(
            center=job.center,
            worker=offer.worker,
            kind=kind,
            context={"what": job_what(job), "day": job.date},
        )
    return len(pending)


def job_release(*, job: Job, reason: str, by: Any = None) -> int:
    """A job was called off: its dispatched workers are free again (back in today's line,
    in their place) and told, and its pending offers are closed. Returns the workers freed."""
    released = list(
        Assignment.objects.select_for_update(no_key=True, of=("self",))
        .filter(job=job, state=Assignment.State.ACTIVE)
        .select_related("worker")
    )
    _assignments_release(job=job, rows=released, reason=reason, by=by)
    told: set[int] = set()
    for assignment in released:  # a job of several days: one text per worker
        if assignment.worker_id in told:
            continue
        told.add(assignment.worker_id)
        sms_queue(
            center=job.center,
            worker=assignment.worker,
            kind="job_cancelled",
            context={"what": job_what(job), "day": job.date},
        )
    offers_close(job=job, kind="job_cancelled")
    return len(told)


def _assignments_release(*, job: Job, rows: list[Assignment], reason: str, by: Any) -> None:
    """Cancel ``rows`` of ``job``: each worker is back in that day's line, if signed in."""
    for assignment in rows:
        assignment.state = Assignment.State.CANCELLED
        assignment.ended_reason = reason[:255]
        save_with_history(assignment, by=by, reason=reason, fields=["state", "ended_reason"])
        SignIn.objects.filter(
            center_id=job.center_id,
            date=assignment.date,
            worker_id=assignment.worker_id,
            state=SignIn.State.DISPATCHED,
        ).update(state=SignIn.State.WAITING)
    for day in sorted({row.date for row in rows}):
        stats_touch(center_id=job.center_id, day=day)


def job_day_release(*, job: Job, day: date, reason: str, by: Any = None) -> int:
    """One day of ``job`` was called off: the workers sent for that day are free that day
    and told; their other days stay. Returns the workers told."""
    released = list(
        Assignment.objects.select_for_update(no_key=True, of=("self",))
        .filter(job=job, date=day, state=Assignment.State.ACTIVE)
        .select_related("worker")
    )
    _assignments_release(job=job, rows=released, reason=reason, by=by)
    for assignment in released:
        sms_queue(
            center=job.center,
            worker=assignment.worker,
            kind="job_day_cancelled",
            context={"what": job_what(job), "day": day},
        )
    return len(released)


def job_has_workers(job: Job) -> bool:
    return job.assignments.filter(LIVE_ASSIGNMENT).exists()


@transaction.atomic
def assignment_undo(*, assignment: Assignment, reason: str, by: Any = None) -> Assignment:
    """Undo a mistaken dispatch: the slot opens again and the worker goes back to waiting."""
    reason = (reason or "").strip()
    if not reason:
        raise DispatchError(
            _("Say why the dispatch is undone."), code="reason_required", field="reason"
        )
    job = Job.objects.select_for_update(no_key=True).get(pk=assignment.job_id)
    assignment = Assignment.objects.select_for_update(no_key=True).get(pk=assignment.pk)
    if assignment.state != Assignment.State.ACTIVE:
        raise DispatchConflict(_("Only an active dispatch can be undone."), code="not_active")
    # A job of several days: the worker's other days of it are undone with it.
    Assignment.objects.filter(
        job=job,
        worker_id=assignment.worker_id,
        state=Assignment.State.ACTIVE,
        date__gte=assignment.date,
    ).exclude(pk=assignment.pk).update(state=Assignment.State.UNDONE, ended_reason=reason[:255])
    assignment.state = Assignment.State.UNDONE
    assignment.ended_reason = reason[:255]
    assignment.save(update_fields=["state", "ended_reason"])
    if job.status == Job.Status.FILLED:
        job.status = Job.Status.OPEN
        job.save(update_fields=["status"])
    SignIn.objects.filter(
        center_id=assignment.center_id,
        date=assignment.date,
        worker_id=assignment.worker_id,
        state=SignIn.State.DISPATCHED,
    ).update(state=SignIn.State.WAITING)
    logger.info("assignment %s undone by %s", assignment.pk, by)
    if job.date >= job.center.today():  # the employer expects this worker: say they won't come
        employer_tell(job=job, notice="worker_cancelled", workers=[assignment.worker])
    stats_touch(center_id=assignment.center_id, day=assignment.date)
    return assignment
