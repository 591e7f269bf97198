"""The front desk (/desk/), the waiting-room screen (/display/<center>/) and the dispatch slip."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.errors import ApplicationError
from centers.inputs import clean_text, parse_int, parse_optional_int
from centers.scoping import DESK_ROLES, user_centers, user_role
from centers.text import fold
from dispatch import reasons
from dispatch.errors import DispatchError
from dispatch.models import Assignment, Job, SignIn
from dispatch.selectors import morning as selectors
from dispatch.services import morning, offers
from workers.models import Worker

SEARCH_RESULTS = 8
#: The longest text the scan box and the assign-by-badge box take (a name or a badge).
SCAN_MAX_LENGTH = 100
DESK_POLL_SECONDS = 4
#: Rows of the queue the desk shows until the coordinator asks for all of them: the next
#: people in line, without rendering (every few seconds) a long tail nobody reads.
QUEUE_ROWS = 60
QUEUE_ALL_KEY = "desk_queue_all"
DISPLAY_POLL_SECONDS = 5


def desk_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.center is None or request.role not in DESK_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _changed(response: HttpResponse) -> HttpResponse:
    """Tell this desk's live panel to refresh now (other desks catch up on their next poll)."""
    response["HX-Trigger"] = "desk-changed"
    return response


def _answer(request: Any, template: str, context: dict[str, Any]) -> HttpResponse:
    """htmx gets the partial; a plain form post gets the desk back with a message."""
    if request.htmx:
        return _changed(render(request, template, context))
    text = context.get("error") or context.get("ok")
    if text:
        (messages.error if context.get("error") else messages.success)(request, text)
    return redirect("desk")


def _live_context(request: Any) -> dict[str, Any]:
    center = request.center
    day = center.today()
    draw = selectors.draw_shown(center=center, day=day)
    if draw is None and center.local_now() >= morning.opens_at(center, day):
        draw = morning.draw_get_or_create(center=center, day=day)
    rows = request.GET.get("rows")
    if rows in ("all", "next"):
        request.session[QUEUE_ALL_KEY] = rows == "all"
    show_all = request.session.get(QUEUE_ALL_KEY, False)
    queue = selectors.queue(center=center, day=day, limit=None if show_all else QUEUE_ROWS)
    before_draw = draw is not None and not draw.is_drawn
    jobs = selectors.jobs_open(center=center, day=day)
    return {
        "day": day,
        "draw": draw,
        "cutoff": morning.cutoff_at(center, day),
        "queue": queue,
        "queue_key": _fingerprint(queue.rows, before_draw),
        "queue_hidden": queue.total - len(queue.rows),
        "queue_all": show_all and queue.total > QUEUE_ROWS,
        "jobs": jobs,
        # The job forms carry this desk's CSRF token, so their rendering is this desk's own;
        # offer times are shown in the center's time zone.
        "jobs_key": _fingerprint(jobs, center.timezone, _csrf_secret(request)),
        "poll_seconds": DESK_POLL_SECONDS,
        "before_draw": before_draw,
        # Row links are built from a prefix: reversing two URLs for each of 300 rows was a
        # large part of the page's time.
        "signin_url": _url_prefix("desk-signin-update"),
        "why_url": _url_prefix("desk-why"),
    }


def _fingerprint(*parts: Any) -> str:
    """A digest of what a cached part of the desk shows: the key of its rendering, so a poll
    that finds the day as it was renders nothing again, and any change shows at once."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _csrf_secret(request: HttpRequest) -> str:
    """This browser's CSRF secret (made now on its first visit, as rendering would)."""
    get_token(request)
    return request.META["CSRF_COOKIE"]


def _url_prefix(name: str) -> str:
    """``/desk/signins/`` from the pattern ``desk/signins/<int:pk>/``."""
    return reverse(name, args=[0]).removesuffix("0/")


@desk_required
def desk(request: Any) -> HttpResponse:
    return render(request, "dispatch/desk.html", _live_context(request))


@desk_required
def desk_live(request: Any) -> HttpResponse:
    return render(request, "dispatch/_desk_live.html", _live_context(request))


@desk_required
@require_POST
def desk_signin(request: Any) -> HttpResponse:
    """The scan box: digits and Enter sign a badge in; words search by name."""
    center = request.center
    context: dict[str, Any] = {}
    try:
        text = clean_text(request.POST.get("q"), max_length=SCAN_MAX_LENGTH, field="q")
        worker_id = parse_optional_int(request.POST.get("worker"), min_value=1, field="worker")
        if worker_id is not None:
            worker = get_object_or_404(Worker, pk=worker_id, center=center)
            signin = morning.signin_create(
                center=center, worker=worker, method=SignIn.Method.SEARCH
            )
        elif text.isdigit():
            # A scan. Only ASCII digits within bounds make a badge: "²" or "٣" (digits to
            # str.isdigit) and a 5,000-digit paste are refused with a message.
            signin = morning.signin_create(center=center, badge=parse_int(text, min_value=1))
        elif text:
            found = list(
                Worker.objects.filter(center=center, search_text__contains=fold(text)).order_by(
                    "known_as"
                )[:SEARCH_RESULTS]
            )
            return render(request, "dispatch/_desk_search.html", {"found": found, "term": text})
        else:
            return render(request, "dispatch/_desk_scan_result.html", {})
    except ApplicationError as error:
        context["error"] = str(error)
        return _answer(request, "dispatch/_desk_scan_result.html", context)
    context["signin"] = signin
    context["ok"] = _("%(name)s (badge %(badge)s) is signed in.") % {
        "name": signin.worker.known_as,
        "badge": signin.worker.badge,
    }
    return _answer(request, "dispatch/_desk_scan_result.html", context)


@desk_required
@require_POST
def desk_draw(request: Any) -> HttpResponse:
    try:
        draw = morning.lottery_draw(center=request.center, by=request.user)
    except ApplicationError as error:
        return _answer(request, "dispatch/_desk_result.html", {"error": str(error)})
    ok = _("The lottery is drawn: %(count)s workers numbered.") % {"count": len(draw.order)}
    return _answer(request, "dispatch/_desk_result.html", {"ok": ok})


@desk_required
@require_POST
def desk_dispatch(request: Any, pk: int) -> HttpResponse:
    """One click: the next eligible workers (``via=desk``), SMS offers (``via=sms``), or one
    worker at the desk by badge."""
    center = request.center
    job = get_object_or_404(Job, pk=pk, center=center)
    via = request.POST.get("via", morning.DESK)
    try:
        badge = clean_text(request.POST.get("badge"), max_length=SCAN_MAX_LENGTH, field="badge")
        if badge:
            number = parse_int(badge, min_value=1, field="badge")
            worker = Worker.objects.filter(center=center, badge=number).first()
            if worker is None:
                raise DispatchError(_("No worker has badge %(badge)s.") % {"badge": badge})
            result = morning.DispatchResult(
                assignments=[
                    morning.assignment_create(
                        job=job, worker=worker, how=Assignment.How.WALK_IN, by=request.user
                    )
                ]
            )
        elif via == morning.SMS:
            result = offers.offers_send(job=job)
        else:
            result = morning.job_dispatch_desk(job=job, by=request.user)
    except ApplicationError as error:
        return _answer(request, "dispatch/_desk_result.html", {"error": str(error), "job": job})
    skipped = [(worker, reasons.label(why)) for worker, why in result.skipped]
    ok = (
        _("Sent: %(names)s.") % {"names": ", ".join(a.worker.known_as for a in result.assignments)}
        if result.assignments
        else _("Offered by SMS to: %(names)s.")
        % {"names": ", ".join(o.worker.known_as for o in result.offers)}
        if result.offers
        else _("Nobody in the queue can take this job now.")
    )
    return _answer(
        request,
        "dispatch/_desk_result.html",
        {"ok": ok, "job": job, "result": result, "skipped": skipped},
    )


@desk_required
@require_POST
def desk_undo(request: Any, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment, pk=pk, center=request.center)
    try:
        reason = clean_text(
            request.headers.get("HX-Prompt") or request.POST.get("reason", ""),
            max_length=255,
            field="reason",
        )
        morning.assignment_undo(assignment=assignment, reason=reason, by=request.user)
    except ApplicationError as error:
        return _answer(request, "dispatch/_desk_result.html", {"error": str(error)})
    ok = _("Dispatch of %(name)s undone.") % {"name": assignment.worker.known_as}
    return _answer(request, "dispatch/_desk_result.html", {"ok": ok})


@desk_required
@require_POST
def desk_signin_update(request: Any, pk: int) -> HttpResponse:
    signin = get_object_or_404(SignIn, pk=pk, center=request.center)
    action = request.POST.get("action")
    if action in ("priority", "no_priority"):
        try:
            morning.priority_flag_set(
                signin=signin,
                list_name=_("Volunteer of the day"),
                by=request.user,
                on=action == "priority",
            )
        except ApplicationError as error:
            return _answer(request, "dispatch/_desk_result.html", {"error": str(error)})
        return _answer(request, "dispatch/_desk_result.html", {})
    morning.signin_update(
        signin=signin,
        present={"away": False, "here": True}.get(action or ""),
        left=action == "left",
    )
    return _answer(request, "dispatch/_desk_result.html", {})


@desk_required
def desk_why(request: Any, worker_id: int) -> HttpResponse:
    """ "Why not me?": every decision about this worker today, with its reason."""
    center = request.center
    worker = get_object_or_404(Worker, pk=worker_id, center=center)
    rows = selectors.decisions_for(center=center, day=center.today(), worker_id=worker.pk)
    return render(request, "dispatch/_desk_why.html", {"worker": worker, "rows": rows})


@desk_required
def slip(request: Any, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.select_related("job__employer", "worker", "center"),
        pk=pk,
        center=request.center,
    )
    return render(request, "dispatch/slip.html", {"a": assignment, "job": assignment.job})


def _display_center(request: HttpRequest, slug: str) -> Any:
    """The waiting-room screen runs on a desk login of that center; others get a 404."""
    center = user_centers(request.user).filter(slug=slug).first()
    if center is None:
        raise Http404
    if user_role(request.user, center) not in DESK_ROLES:
        raise PermissionDenied
    return center


def _display_context(center: Any) -> dict[str, Any]:
    day = center.today()
    queue = [
        signin
        for signin in selectors.signins_list(center=center, day=day)
        if signin.state in (SignIn.State.WAITING, SignIn.State.OFFERED)
    ]
    return {
        "display_center": center,
        "day": day,
        "draw": selectors.draw_for(center=center, day=day),
        "queue": queue,
        "called": selectors.being_called(center=center, day=day),
        "poll_seconds": DISPLAY_POLL_SECONDS,
    }


@login_required
def display(request: Any, slug: str) -> HttpResponse:
    center = _display_center(request, slug)
    return render(request, "dispatch/display.html", _display_context(center))


@login_required
def display_live(request: Any, slug: str) -> HttpResponse:
    center = _display_center(request, slug)
    return render(request, "dispatch/_display_live.html", _display_context(center))
