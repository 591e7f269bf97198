"""The front desk (/desk/), the waiting-room screen (/display/<center>/) and the dispatch slip."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from centers.errors import ApplicationError
from centers.inputs import clean_text, number_or_none, parse_optional_int
from centers.scoping import DESK_ROLES, user_centers, user_role
from centers.services import display_link_use
from centers.text import fold
from dispatch import lottery, reasons
from dispatch.errors import DispatchError, OutOfTurnError
from dispatch.models import Assignment, LotteryDraw, SignIn
from dispatch.selectors import gating
from dispatch.selectors import morning as selectors
from dispatch.services import morning, offers
from dispatch.services.desk import desk_scan
from employers.models import Job
from workers.models import Activity, Worker
from workers.selectors import activities_on

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
    lacks = gating.line_lacks(center=center, day=day, worker_ids=[r.worker_id for r in queue.rows])
    if lacks:
        rows = [replace(row, lacks=lacks.get(row.worker_id, ())) for row in queue.rows]
        queue = replace(queue, rows=rows)
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
        # Filled jobs fold away at the bottom; the open ones keep their order.
        "jobs_open": [job for job in jobs if job.status == Job.Status.OPEN],
        "jobs_filled": [job for job in jobs if job.status == Job.Status.FILLED],
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
    return _desk_page(request)


def _desk_page(request: Any, **extra: Any) -> HttpResponse:
    # Without JavaScript the scan form posts this key, so re-sending the page's form after
    # a lost answer is still one scan (desk.js sends a fresh key with every scan).
    context = {**_live_context(request), "scan_key": uuid.uuid4(), **_attendance_mode(request)}
    context.update(extra)
    return render(request, "dispatch/desk.html", context)


def _attendance_mode(request: Any) -> dict[str, Any]:
    """Today's activities to choose from, and the one chosen (``?activity=``): the scan box
    then records attendance at it instead of signing in."""
    center = request.center
    today = list(activities_on(center=center, day=center.today()))
    chosen = number_or_none(request.GET.get("activity", ""))
    return {
        "activities_today": today,
        "activity": next((a for a in today if a.pk == chosen), None),
    }


def _scan_activity(request: Any) -> Activity | None:
    """The activity a scan records attendance at (attendance mode), scoped to the center."""
    pk = parse_optional_int(request.POST.get("activity"), min_value=1, field="activity")
    if pk is None:
        return None
    activity = Activity.objects.filter(pk=pk, center=request.center).first()
    if activity is None:
        raise DispatchError(_("This activity is not one of this center's."), field="activity")
    return activity


@desk_required
def desk_live(request: Any) -> HttpResponse:
    return render(request, "dispatch/_desk_live.html", _live_context(request))


def _scan_key(request: HttpRequest) -> uuid.UUID | None:
    """The key of one scan (the ``Idempotency-Key`` header, or the form's ``key``)."""
    raw = request.headers.get("Idempotency-Key") or request.POST.get("key") or ""
    return uuid.UUID(raw) if raw else None


def _scan_answer(request: Any, template: str, context: dict[str, Any], status: int = 200) -> Any:
    """One answer for the list under the scan box (``X-Desk-Answer`` tells desk.js it is one,
    whatever its status); a plain form post gets the desk back with a message."""
    if not request.htmx:
        scan = context.get("scan")
        if scan is not None:
            (messages.success if scan.ok else messages.error)(request, scan.message)
        elif context.get("error"):
            messages.error(request, context["error"])
        elif "found" in context:  # a name search: the desk with its hits in the answers
            return _desk_page(request, answer=template, **context)
        if context.get("activity") is not None:  # back to attendance mode
            return redirect(f"{reverse('desk')}?activity={context['activity'].pk}")
        return redirect("desk")
    response = render(request, template, context, status=status)
    response["X-Desk-Answer"] = "1"
    return response


@desk_required
@require_POST
def desk_signin(request: Any) -> HttpResponse:
    """The scan box: digits and Enter sign a badge in; words search by name. Each scan is
    answered once under its key (``desk.desk_scan``)."""
    center = request.center
    template = "dispatch/_desk_scan_result.html"
    typed = str(request.POST.get("q") or "")[:SCAN_MAX_LENGTH]
    try:
        key = _scan_key(request)
        text = clean_text(request.POST.get("q"), max_length=SCAN_MAX_LENGTH, field="q")
        worker_id = parse_optional_int(request.POST.get("worker"), min_value=1, field="worker")
        activity = _scan_activity(request)
    except ValueError:
        error = _("This scan could not be read; scan the badge again.")
        return _scan_answer(request, template, {"error": error, "typed": typed}, status=400)
    except ApplicationError as error:
        return _scan_answer(request, template, {"error": str(error), "typed": typed}, status=400)
    if worker_id is not None:
        worker = get_object_or_404(Worker, pk=worker_id, center=center)
        scan = desk_scan(
            center=center,
            typed=worker.desk_name,
            key=key,
            worker=worker,
            method=SignIn.Method.SEARCH,
            by=request.user,
            activity=activity,
        )
    elif text.removeprefix("#").isdigit():  # a card's code or a badge number: badge_read decides
        scan = desk_scan(
            center=center, typed=text, key=key, badge=text, by=request.user, activity=activity
        )
    elif text:
        found = list(
            Worker.objects.filter(center=center, search_text__contains=fold(text)).order_by(
                "known_as"
            )[:SEARCH_RESULTS]
        )
        context = {"found": found, "term": text, "activity": activity}
        return _scan_answer(request, "dispatch/_desk_search.html", context)
    else:
        return _scan_answer(request, template, {"activity": activity})
    context = {"scan": scan, "activity": activity}
    response = _scan_answer(request, template, context, status=scan.status)
    return _changed(response) if request.htmx else response


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
            result = morning.DispatchResult(
                assignments=[
                    morning.assignment_direct(
                        job=job,
                        badge=badge,
                        by=request.user,
                        reason=request.POST.get("reason", ""),
                        reason_note=request.POST.get("reason_note", ""),
                    )
                ]
            )
        elif via == morning.SMS:
            result = offers.offers_send(job=job)
        else:
            result = morning.job_dispatch_desk(job=job, by=request.user)
    except ApplicationError as error:
        context: dict[str, Any] = {"error": str(error), "job": job}
        if isinstance(error, OutOfTurnError) or error.field == "reason_note":
            # Ask for the reason: the same badge again, with the choices the service offers.
            context["out_of_turn"] = {
                "badge": badge,
                "choices": morning.out_of_turn_choices(),
                "reason": request.POST.get("reason", ""),
                "note": request.POST.get("reason_note", ""),
            }
        return _answer(request, "dispatch/_desk_result.html", context)
    skipped = [(worker, reasons.label(why)) for worker, why in result.skipped]
    if result.assignments:
        n = len(result.assignments)
        ok = ngettext("Sent %(n)s worker:", "Sent %(n)s workers:", n) % {"n": n}
    elif result.offers:
        n = len(result.offers)
        ok = ngettext("Offered by SMS to %(n)s worker:", "Offered by SMS to %(n)s workers:", n) % {
            "n": n
        }
    else:
        ok = _("Nobody in the queue can take this job now.")
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
    ok = _("Dispatch of %(name)s undone.") % {"name": assignment.worker.desk_name}
    return _answer(request, "dispatch/_desk_result.html", {"ok": ok})


@desk_required
@require_POST
def desk_signin_update(request: Any, pk: int) -> HttpResponse:
    """A queue row's buttons: away / back here, gone for the day (and its undo), priority."""
    signin = get_object_or_404(
        SignIn.objects.select_related("worker"), pk=pk, center=request.center
    )
    action = request.POST.get("action")
    name = signin.worker.desk_name
    context: dict[str, Any] = {}
    try:
        if action in ("priority", "no_priority"):
            morning.priority_flag_set(
                signin=signin,
                list_name=_("Volunteer of the day"),
                by=request.user,
                on=action == "priority",
            )
        elif action == "left":
            morning.signin_leave(signin=signin, by=request.user)
            context["ok"] = _("%(name)s left for the day: out of the line.") % {"name": name}
            context["undo_left"] = signin
            context["leave_undo_minutes"] = morning.LEAVE_UNDO_MINUTES
        elif action == "undo_left":
            morning.signin_leave_undo(signin=signin, by=request.user)
            context["ok"] = _("%(name)s is back in line as before.") % {"name": name}
        elif action in ("away", "here"):
            morning.signin_update(signin=signin, present=action == "here")
            context["ok"] = (
                _("%(name)s is back at the center.")
                if action == "here"
                else _("%(name)s is away: still in line, offered jobs by SMS.")
            ) % {"name": name}
    except ApplicationError as error:
        return _answer(request, "dispatch/_desk_result.html", {"error": str(error)})
    return _answer(request, "dispatch/_desk_result.html", context)


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
        Assignment.objects.select_related("job__employer__center", "worker", "center"),
        pk=pk,
        center=request.center,
    )
    copies = [
        ("worker", assignment.worker.preferred_language or assignment.center.default_language),
        ("employer", assignment.job.employer.language),
    ]
    return render(
        request, "dispatch/slip.html", {"a": assignment, "job": assignment.job, "copies": copies}
    )


@desk_required
def day_sheet(request: Any) -> HttpResponse:
    """The day's sign-ins in drawn order, with the commitment and the seed: for the wall."""
    center = request.center
    day = center.today()
    draw = selectors.draw_for(center=center, day=day)
    return render(
        request,
        "dispatch/day_sheet.html",
        {
            "day": day,
            "draw": draw,
            "cutoff": morning.cutoff_at(center, day),
            "signins": selectors.signins_list(center=center, day=day),
            "proof_url": reverse("lottery-proof", args=[center.slug, day.isoformat()]),
        },
    )


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
        "proof_url": reverse("lottery-proof", args=[center.slug, day.isoformat()]),
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


def _display_link_center(slug: str, token: str) -> Any:
    """The center of a live display link; a wrong, revoked or other center's token is a 404."""
    link = display_link_use(slug=slug, token=token)
    if link is None:
        raise Http404
    return link.center


def _anonymous_display(request: Any, template: str, center: Any, token: str) -> HttpResponse:
    context = _display_context(center)
    context["live_url"] = reverse("display-token-live", args=[center.slug, token])
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the token stays in this screen's URL
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def display_by_link(request: Any, slug: str, token: str) -> HttpResponse:
    """The waiting-room screen through a display link: no login, read-only, no session."""
    center = _display_link_center(slug, token)
    return _anonymous_display(request, "dispatch/display_link.html", center, token)


@never_cache
@require_GET
def display_by_link_live(request: Any, slug: str, token: str) -> HttpResponse:
    center = _display_link_center(slug, token)
    return _anonymous_display(request, "dispatch/_display_live.html", center, token)


@require_GET
def lottery_proof(request: Any, slug: str, day: str) -> HttpResponse:
    """A drawn lottery's public proof (JSON, badges only): anyone can re-run the draw."""
    try:
        date_ = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    draw = (
        LotteryDraw.objects.filter(center__slug=slug, date=date_, drawn_at__isnull=False)
        .select_related("center")
        .first()
    )
    if draw is None:
        raise Http404
    response = JsonResponse(selectors.draw_proof(draw), json_dumps_params={"indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def lottery_verifier(request: Any) -> HttpResponse:
    """The standalone verifier: the very file the lottery is drawn with (standard library)."""
    response = HttpResponse(
        Path(lottery.__file__).read_bytes(), content_type="text/x-python; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="verify_lottery.py"'
    return response
