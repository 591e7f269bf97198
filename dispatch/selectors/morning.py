"""The morning loop's reads: today's queue, open jobs, the draw, and "why not me?"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from centers.models import Center
from centers.sql import as_tuple, fetch, ordered_list, table
from dispatch import lottery, reasons
from dispatch.models import (
    LIVE_STATES,
    Assignment,
    DispatchDecision,
    LotteryDraw,
    Offer,
    PriorityFlag,
    SignIn,
)
from dispatch.selectors import gating
from employers.models import Employer, Job
from workers.models import Skill, Worker


@dataclass(frozen=True)
class QueueRow:
    """One line of the desk's queue: plain values, cheap to fetch, compare and cache."""

    pk: int
    state: str
    present: bool
    late: bool
    lottery_number: int | None
    priority: bool
    worker_id: int
    known_as: str
    badge: int
    skills: tuple[str, ...] = ()
    full_name: str = ""
    #: What the worker lacks of what today's open jobs require ("no OSHA-10").
    lacks: tuple[str, ...] = ()

    @property
    def state_label(self) -> str:
        return str(SignIn.State(self.state).label)


@dataclass(frozen=True)
class Queue:
    """The desk's view of the day's line: its first rows and how many are in each state."""

    rows: list[QueueRow]
    total: int = 0
    waiting: int = 0
    dispatched: int = 0


def queue(*, center: Center, day: date, limit: int | None = None) -> Queue:
    """The day's sign-ins in queue order (drawn first, then arrivals), the first ``limit``
    of them with each worker's skills (named in the active language), and the day's counts:
    one query whatever the length of the line.

    Every desk polls this every few seconds, so it is one hand-written statement: building
    the same query with the ORM cost more than running it."""
    signin, worker = SignIn._meta.get_field, Worker._meta.get_field
    order = (
        "CASE WHEN {0}.position IS NULL THEN 1 ELSE 0 END, {0}.position, {0}.signed_in_at, {0}.id"
    )
    # The first ``limit`` sign-ins are chosen (and the day counted) first; only they are then
    # joined to their workers, priority flags and skills (one row per skill, folded below).
    sql = (
        "SELECT q.id, q.state, q.present, q.late, q.lottery_number,"  # noqa: S608 (names only)
        f" EXISTS (SELECT 1 FROM {table(PriorityFlag)} f"
        "  WHERE f.date = q.date AND f.worker_id = q.worker_id),"
        " q.worker_id, w.known_as, w.badge, q.total, q.waiting, q.dispatched,"
        f" k.{Skill.name_field()}, w.full_name FROM ("
        "  SELECT s.id, s.state, s.present, s.late, s.lottery_number, s.date, s.worker_id,"
        "  s.position, s.signed_in_at, COUNT(*) OVER () AS total,"
        "  SUM(CASE WHEN s.state = %s THEN 1 ELSE 0 END) OVER () AS waiting,"
        "  SUM(CASE WHEN s.state = %s THEN 1 ELSE 0 END) OVER () AS dispatched"
        f"  FROM {table(SignIn)} s WHERE s.center_id = %s AND s.date = %s"
        f"  ORDER BY {order.format('s')}{{limit}}"
        f") q JOIN {table(Worker)} w ON w.id = q.worker_id"
        f" LEFT JOIN {table(Worker.skills.through)} l ON l.worker_id = q.worker_id"
        f" LEFT JOIN {table(Skill)} k ON k.id = l.skill_id"
        f" ORDER BY {order.format('q')}, k.sort_order, k.code"
    )
    params: list[Any] = [
        SignIn.State.WAITING,
        SignIn.State.DISPATCHED,
        center.pk,
        connection.ops.adapt_datefield_value(day),
    ]
    if limit is not None:
        params.append(limit)
    sql = sql.format(limit="" if limit is None else " LIMIT %s")
    columns = [signin(name) for name in ("id", "state", "present", "late", "lottery_number")]
    columns += [None, signin("worker"), worker("known_as"), worker("badge"), None, None, None, None]
    columns += [worker("full_name")]
    rows = fetch(sql, params, columns)
    if not rows:
        return Queue(rows=[])
    signins: dict[int, tuple] = {}  # one row per sign-in, in queue order
    skills: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        signins.setdefault(row[0], row)
        if row[12] is not None:
            skills[row[0]].append(row[12])
    return Queue(
        rows=[
            QueueRow(*row[:5], bool(row[5]), *row[6:9], skills=tuple(skills[pk]), full_name=row[13])
            for pk, row in signins.items()
        ],
        total=int(rows[0][9]),
        waiting=int(rows[0][10] or 0),
        dispatched=int(rows[0][11] or 0),
    )


def _skills_of(through: type[Model], owner: str, outer: str) -> str:
    """SQL for the skill names (active language, catalog order) of the row ``outer`` names."""
    return ordered_list(
        f"k.{Skill.name_field()}",
        f"FROM {table(through)} l JOIN {table(Skill)} k ON k.id = l.skill_id"
        f" WHERE l.{owner} = {outer} ORDER BY k.sort_order, k.code",
    )


@dataclass(frozen=True)
class Placed:
    """A worker sent to a job, as the desk lists them."""

    pk: int
    badge: int
    known_as: str
    how: str
    full_name: str = ""

    @property
    def how_label(self) -> str:
        return str(Assignment.How(self.how).label)


@dataclass(frozen=True)
class JobCard:
    """One of the day's open or filled jobs, as the desk shows it."""

    pk: int
    description: str
    status: str
    workers_needed: int
    start_time: time
    hourly_wage: Decimal
    estimated_hours: Decimal
    employer: str
    pending: int
    pending_until: datetime | None
    skills: tuple[str, ...] = ()
    live: tuple[Placed, ...] = ()

    @property
    def free(self) -> int:
        """Places "Dispatch next" would fill now: not taken and not offered by SMS."""
        return max(0, self.workers_needed - len(self.live) - self.pending)


def jobs_open(*, center: Center, day: date) -> list[JobCard]:
    """The day's open and filled jobs with their live assignments and pending offers (one
    row per job and worker sent) and their skills: one query. In a fixed order (start time,
    then posting time), so the desk's cards stay where they are as jobs are dispatched."""
    job, employer = Job._meta.get_field, Employer._meta.get_field
    assignment, worker = Assignment._meta.get_field, Worker._meta.get_field
    pending = f"FROM {table(Offer)} o WHERE o.job_id = j.id AND o.state = %s"
    sql = (
        "SELECT j.id, j.description, j.status, j.workers_needed, j.start_time,"  # noqa: S608
        " j.hourly_wage, j.estimated_hours, e.name, e.business_name,"
        f" (SELECT COUNT(*) {pending}), (SELECT MAX(o.expires_at) {pending}),"
        f" {_skills_of(Job.skills.through, 'job_id', 'j.id')},"
        " a.id, w.badge, w.known_as, a.how, w.full_name"
        f" FROM {table(Job)} j JOIN {table(Employer)} e ON e.id = j.employer_id"
        f" LEFT JOIN {table(Assignment)} a ON a.job_id = j.id AND a.state IN (%s, %s, %s)"
        f" LEFT JOIN {table(Worker)} w ON w.id = a.worker_id"
        " WHERE j.center_id = %s AND j.date = %s AND j.status IN (%s, %s)"
        " ORDER BY j.start_time, j.created_at, j.id, a.slot"
    )
    params = [
        Offer.State.PENDING,
        Offer.State.PENDING,
        *LIVE_STATES,
        center.pk,
        connection.ops.adapt_datefield_value(day),
        Job.Status.OPEN,
        Job.Status.FILLED,
    ]
    columns = [
        job(name)
        for name in (
            "id",
            "description",
            "status",
            "workers_needed",
            "start_time",
            "hourly_wage",
            "estimated_hours",
        )
    ]
    columns += [employer("name"), employer("business_name"), None]
    columns += [Offer._meta.get_field("expires_at"), None, assignment("id"), worker("badge")]
    columns += [worker("known_as"), assignment("how"), worker("full_name")]
    jobs: dict[int, tuple] = {}
    live: dict[int, list[Placed]] = defaultdict(list)
    for *row, assignment_id, badge, known_as, how, full_name in fetch(sql, params, columns):
        jobs.setdefault(row[0], tuple(row))
        if assignment_id is not None:
            live[row[0]].append(Placed(assignment_id, badge, known_as, how, full_name))
    return [
        JobCard(
            *row[:7],
            employer=Employer.display_name(name, business),
            pending=n or 0,
            pending_until=until,
            skills=as_tuple(skills),
            live=tuple(live[row[0]]),
        )
        for *row, name, business, n, until, skills in jobs.values()
    ]


def signins_list(*, center: Center, day: date) -> QuerySet[SignIn]:
    return (
        SignIn.objects.filter(center=center, date=day)
        .select_related("worker")
        .order_by(F("position").asc(nulls_last=True), "signed_in_at", "pk")
    )


def draw_for(*, center: Center, day: date) -> LotteryDraw | None:
    return LotteryDraw.objects.filter(center=center, date=day).first()


def draw_shown(*, center: Center, day: date) -> LotteryDraw | None:
    """The day's draw as the desk shows it: without its inputs and order (long lists that
    every poll would read for nothing)."""
    fields = ("center", "date", "commitment", "seed", "drawn_at")
    return LotteryDraw.objects.filter(center=center, date=day).only(*fields).first()


def draw_proof(draw: LotteryDraw) -> dict[str, object]:
    """The public proof of a drawn lottery (``lottery.proof_build``); badges, never names."""
    if draw.drawn_at is None:
        raise ValueError("an undrawn lottery has no proof: its seed is still secret")
    return lottery.proof_build(
        center=draw.center.slug,
        day=draw.date.isoformat(),
        commitment_hex=draw.commitment,
        seed=draw.seed,
        inputs=draw.inputs,
        order=draw.order,
        drawn_at=draw.drawn_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    )


def decisions_for(*, center: Center, day: date, worker_id: int) -> list[dict]:
    """Every dispatch decision about a worker on a day, as the desk explains it."""
    rows = (
        DispatchDecision.objects.filter(center=center, date=day, worker_id=worker_id)
        .select_related("job", "decided_by")
        .order_by("created_at", "pk")
    )
    shown: list[dict] = []
    seen: set[tuple[int, str, str]] = set()
    names: dict[str, str] | None = None
    for row in rows:
        # Each walk of the queue records who it passed over: the same worker passed over
        # again for the same job and reason is said once, at the first time.
        key = (row.job_id, row.outcome, row.reason)
        if key in seen:
            continue
        seen.add(key)
        outcome = row.get_outcome_display()
        reason = reasons.label(row.reason)
        if row.detail:  # what exactly the worker lacks: a certificate, the English asked
            names = gating.training_names() if names is None else names
            reason = gating.gap_text(row.reason, row.detail, names)
        shown.append(
            {
                "at": row.created_at,
                "job": row.job,
                "outcome": outcome,
                "chosen": row.outcome != DispatchDecision.Outcome.SKIPPED,
                # "Offered by SMS" is both the outcome and its reason: said once.
                "reason": "" if reason == str(outcome) else reason,
                "position": row.position,
                # A choice out of turn: what made it so, the reason given, by whom.
                "out_of_turn": [reasons.label(code) for code in row.out_of_turn.split(",") if code],
                "out_of_turn_reason": row.get_out_of_turn_reason_display()
                if row.out_of_turn_reason
                else "",
                "note": row.reason_note,
                "by": (row.decided_by.get_full_name() or row.decided_by.get_username())
                if row.decided_by
                else "",
            }
        )
    return shown


def being_called(*, center: Center, day: date, minutes: int = 30) -> list[SignIn]:
    """Sign-ins dispatched or offered in the last ``minutes``: the "now calling" board."""
    since = timezone.now() - timedelta(minutes=minutes)
    recent = Q(worker__assignments__date=day, worker__assignments__created_at__gte=since) | Q(
        state=SignIn.State.OFFERED
    )
    return list(
        SignIn.objects.filter(center=center, date=day)
        .filter(recent)
        .filter(state__in=[SignIn.State.DISPATCHED, SignIn.State.OFFERED])
        .select_related("worker")
        .distinct()
        .order_by("position")[:12]
    )


def job_cancel_told(job: Job) -> list[dict[str, Any]]:
    """Who is told when the job is cancelled (what ``job_release`` texts): the workers
    dispatched to it and those with an offer waiting, each with whether a text reaches them."""
    dispatched = Assignment.objects.filter(job=job, state=Assignment.State.ACTIVE)
    offered = Offer.objects.filter(job=job, state=Offer.State.PENDING)
    rows = [
        *({"worker": a.worker, "dispatched": True} for a in dispatched.select_related("worker")),
        *({"worker": o.worker, "dispatched": False} for o in offered.select_related("worker")),
    ]
    for row in rows:
        worker = row["worker"]
        row["by_sms"] = bool(worker.phone) and worker.sms_opted_out_at is None
    return sorted(rows, key=lambda row: row["worker"].badge)
