"""What keeps a worker from a job beyond skills: a certificate the job (or one of its skills)
requires, the orientation a center asks for before a first dispatch, the English level a
job asks for. The one place these rules are read; the engine, the desk and "why?" use it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from centers.models import Center
from dispatch import reasons
from dispatch.models import LIVE_ASSIGNMENT, Assignment
from employers.models import Job
from workers.models import EnglishLevel, Training
from workers.selectors import trainings_held


@dataclass(frozen=True)
class Gap:
    """One thing a worker lacks for a job: a reason code (``dispatch.reasons``) and what
    exactly (training codes, comma-separated, or the English level asked for)."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class Requirements:
    trainings: tuple[Training, ...] = ()
    english_level: int = EnglishLevel.NONE
    #: The orientation, when the center requires it before a worker's first dispatch.
    orientation: Training | None = None

    def __bool__(self) -> bool:
        return bool(self.trainings or self.english_level or self.orientation)


def _orientation(center: Center) -> Training | None:
    if not center.orientation_required:
        return None
    return Training.objects.filter(code=Training.ORIENTATION).first()


def job_requirements(job: Job) -> Requirements:
    """The certificates ``job`` needs (its own and its skills'), its English level, and the
    center's orientation rule."""
    trainings = Training.objects.filter(
        Q(pk__in=job.required_trainings.values("pk")) | Q(skills__in=job.skills.values("pk"))
    ).distinct()
    return Requirements(
        trainings=tuple(trainings),
        english_level=job.min_english_level,
        orientation=_orientation(job.center),
    )


def day_requirements(*, center: Center, day: date) -> Requirements:
    """The certificates any of the day's open jobs needs, and the orientation rule: what the
    desk's line shows each worker lacking."""
    jobs = Job.objects.filter(center=center, date=day, status=Job.Status.OPEN)
    trainings = Training.objects.filter(
        Q(pk__in=Job.required_trainings.through.objects.filter(job__in=jobs).values("training"))
        | Q(skills__in=Job.skills.through.objects.filter(job__in=jobs).values("skill"))
    ).distinct()
    return Requirements(trainings=tuple(trainings), orientation=_orientation(center))


def workers_gaps(
    *, requirements: Requirements, workers: Iterable[tuple[int, int]], day: date
) -> dict[int, list[Gap]]:
    """For each (worker id, English level) that lacks something ``requirements`` asks for
    on ``day``, what it lacks; at most two queries whatever the number of workers."""
    workers = list(workers)
    if not requirements or not workers:
        return {}
    ids = [worker_id for worker_id, _level in workers]
    held = trainings_held(worker_ids=ids, day=day)
    dispatched: set[int] = set()
    orientation = requirements.orientation
    if orientation is not None:
        dispatched = set(
            Assignment.objects.filter(LIVE_ASSIGNMENT, worker_id__in=ids)
            .values_list("worker_id", flat=True)
            .distinct()
        )
    gaps: dict[int, list[Gap]] = {}
    for worker_id, level in workers:
        mine = held.get(worker_id, set())
        found = []
        if orientation is not None and orientation.pk not in mine and worker_id not in dispatched:
            found.append(Gap(reasons.NO_ORIENTATION, orientation.code))
        missing = [t.code for t in requirements.trainings if t.pk not in mine]
        if missing:
            found.append(Gap(reasons.MISSING_CERTIFICATE, ",".join(missing)))
        if level < requirements.english_level:
            found.append(Gap(reasons.ENGLISH_LEVEL, str(requirements.english_level)))
        if found:
            gaps[worker_id] = found
    return gaps


def gap_text(code: str, detail: str, names: dict[str, str] | None = None) -> str:
    """What a worker lacks, said to the desk: "Lacks a certificate the job needs: OSHA-10"."""
    label = reasons.label(code)
    if not detail:
        return label
    if code == reasons.ENGLISH_LEVEL:
        return _("%(reason)s: %(level)s asked") % {
            "reason": label,
            "level": EnglishLevel(int(detail)).label,
        }
    if code in (reasons.MISSING_CERTIFICATE, reasons.NO_ORIENTATION):
        if names is None:
            names = training_names()
        what = ", ".join(names.get(part, part) for part in detail.split(","))
        return _("%(reason)s: %(what)s") % {"reason": label, "what": what}
    return label


def training_names() -> dict[str, str]:
    """Every training's name in the active language, by code."""
    return {training.code: training.name for training in Training.objects.all()}


def lacks_short(gaps: list[Gap], names: dict[str, str]) -> tuple[str, ...]:
    """The desk line's pills: "no OSHA-10", "no orientation"."""
    pills = []
    for gap in gaps:
        for code in gap.detail.split(","):
            if code:
                pills.append(_("no %(training)s") % {"training": names.get(code, code)})
    return tuple(pills)


def line_lacks(
    *, center: Center, day: date, worker_ids: Iterable[int]
) -> dict[int, tuple[str, ...]]:
    """For the desk's line: what each worker lacks of what the day's open jobs require (a
    certificate, the orientation), as short pills, by worker id."""
    requirements = day_requirements(center=center, day=day)
    if not requirements:
        return {}
    workers = [(worker_id, EnglishLevel.FLUENT) for worker_id in worker_ids]
    gaps = workers_gaps(requirements=requirements, workers=workers, day=day)
    if not gaps:
        return {}
    names = training_names()
    return {worker_id: lacks_short(found, names) for worker_id, found in gaps.items()}
