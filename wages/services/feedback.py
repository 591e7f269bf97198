"""The employer's rating of each worker after a job: on time, quality, would hire again.

One rating per worker per job, which the employer may change for ``RATING_EDIT_DAYS`` after
the job. Ratings are read by nobody who orders the line: the lottery and the dispatch engine
never see them (``tests/wages/test_feedback.py`` proves the draw is the same)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from centers.history import save_with_history
from dispatch.errors import DispatchError
from dispatch.models import Assignment
from employers.models import Employer
from employers.rules import RATING_EDIT_DAYS
from wages.models import WorkerRating

#: A worker can be rated once they were sent (the day of the job) or the job is done.
RATED_STATES = (Assignment.State.ACTIVE, Assignment.State.COMPLETED)


def rating_open(assignment: Assignment, *, today: date) -> bool:
    """Whether the employer may rate (or re-rate) this worker today."""
    return (
        assignment.state in RATED_STATES
        and assignment.date <= today <= assignment.date + timedelta(days=RATING_EDIT_DAYS)
    )


@transaction.atomic
def rating_save(
    *,
    assignment: Assignment,
    employer: Employer,
    on_time: bool,
    quality: Any,
    would_hire_again: bool,
    comment: str = "",
    by: Any = None,
    today: date | None = None,
) -> WorkerRating:
    """Rate (or re-rate) the worker of ``assignment`` for its employer."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("job", "center")
        .get(pk=assignment.pk)
    )
    if assignment.job.employer_id != employer.pk:
        raise DispatchError(_("This worker was not sent to your job."), code="not_yours")
    today = today or assignment.center.today()
    if not rating_open(assignment, today=today):
        raise DispatchError(
            _("A worker can be rated from the day of the job and for %(days)s days after it.")
            % {"days": RATING_EDIT_DAYS},
            code="rating_closed",
        )
    try:
        score = int(quality)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DispatchError(_("Rate the work from 1 to 5."), code="invalid", field="quality")
    rating = WorkerRating.objects.filter(assignment=assignment).first() or WorkerRating(
        center_id=assignment.center_id,
        assignment=assignment,
        job_id=assignment.job_id,
        worker_id=assignment.worker_id,
        employer=employer,
    )
    rating.on_time, rating.quality = bool(on_time), score
    rating.would_hire_again = bool(would_hire_again)
    rating.comment = (comment or "").strip()[:300]
    save_with_history(rating, by=by)
    # The jobs log and the worker's history keep showing the employer's score.
    assignment.worker_rating, assignment.worker_rating_comment = score, rating.comment
    save_with_history(assignment, by=by, fields=["worker_rating", "worker_rating_comment"])
    return rating
