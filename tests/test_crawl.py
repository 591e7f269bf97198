"""A crawl of every page for each role, in Spanish: a demo-like day (a drawn lottery, jobs,
dispatches, SMS offers, claims, sanctions), then every page address of the URLconf with
ids of the user's own center. It fails on any server error and on any visible English text
of the project's own catalog (``tests/i18n.py``).

A new page is crawled as soon as it is in the URLconf; one with path parameters needs a line
in ``FILL`` (or a stated reason in ``SKIP``), or the crawl says so.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from centers.services import decision_record, display_link_create
from dispatch.models import Assignment, SignIn
from dispatch.services import morning, offers
from employers.models import Job
from employers.services import decline_create, kind_floor_set
from employers.signup import email_link_send, email_token, terms_publish
from reports.stats import stats_rebuild
from sms.models import OptOut, StatusEvent
from tests import factories
from tests.i18n import untranslated, untranslated_on_page
from wages.services import claims
from wages.services.feedback import rating_save as rate_worker
from workers import activities, membership, photos
from workers.models import PrivacyEvent, Sanction, Training
from workers.sanctions import sanction_record
from workers.services import demographics_record

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "center_admin", "board", "employer", "network_admin"]

#: Patterns not crawled, and why.
SKIP = {
    "api/": "the REST API and its schema answer JSON; tests/*/test_*api*.py cover them",
    "sms/twilio/": "Twilio's webhooks take signed POSTs only (tests/sms/test_webhooks.py)",
    "readyz": "answers 503 by design when the broker is unreachable (tests/centers)",
    "workers/<int:pk>/export/": "a POST-only download of a worker's personal data",
    "admin/r/": "the admin's view-on-site link leaves for the object's own page",
    "sms/voice/audio/": "recordings, only by signed expiring URLs (tests/sms/test_voice.py)",
    "jobs/<int:pk>/days/": "POST-only: confirm or cancel one day (tests/employers/test_job_days.py)",
    "portal/jobs/<int:pk>/days/": "POST-only, as the desk's (tests/employers/test_job_days.py)",
}

#: English that third-party templates write into our pages, where we cannot translate it.
THIRD_PARTY = {
    ("/admin/", "Search"): "the admin's search icon: alt text hard-coded in Django's template",
    ("/admin/", "Dispatch"): "simple_history's version page names the app by its label",
    ("/admin/", "Workers"): "simple_history's version page names the app by its label",
    ("/admin/", "Centers"): "simple_history's version page names the app by its label",
    ("/admin/", "payment"): "simple_history's history lists a change's reason as stored",
}


def _ours(url: str, english: list[str]) -> list[str]:
    return [
        text
        for text in english
        if not any(url.startswith(prefix) and text == known for prefix, known in THIRD_PARTY)
    ]


def _all_routes(
    entries: list[Any] | None = None, prefix: str = "", namespace: str = "", params=()
) -> list[tuple[str, str | None, list[str]]]:
    """(route, name with its namespace, path parameters) of every pattern of the URLconf."""
    found = []
    for entry in get_resolver().url_patterns if entries is None else entries:
        route = prefix + str(entry.pattern)
        names = [*params, *entry.pattern.regex.groupindex]
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _all_routes(entry.url_patterns, route, space, names)
        elif isinstance(entry, URLPattern):
            found.append((route, f"{namespace}{entry.name}" if entry.name else None, names))
    return found


# --- a demo-like day --------------------------------------------------------------------


@pytest.fixture
def day(center, other_center, settings, tmp_path):
    """A morning at Pomona in full swing, and a little of Graton beside it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    center.signin_opens = time(0, 0)
    center.lottery_cutoff = time(0, 1)
    center.allow_employer_requests = True
    center.demographics_enabled = True
    center.save()
    today = center.today()

    def at(hhmm: str, on=None):
        hours, minutes = (int(p) for p in hhmm.split(":"))
        return center.local_datetime(on or today, time(hours, minutes))

    skills = [
        factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura"),
        factories.SkillFactory(code="moving", name_en="Moving", name_es="Mudanzas"),
    ]
    workers = [
        factories.WorkerFactory(center=center, preferred_language=lang, skills=skills)
        for lang in ("es", "en", "es", "es", "en", "es", "es")
    ]
    suspended = factories.WorkerFactory(
        center=center,
        status="sanctioned",
        suspended_until=today + timedelta(days=5),
        suspension_reason="Faltó al trabajo",
    )
    sanction_record(worker=suspended, kind="no_show", reason="No llegó", suspend_days=5)
    PrivacyEvent.objects.create(center=center, worker=workers[6], action="export")
    dues = membership.dues_payment_record(
        worker=workers[0],
        by=None,
        amount=Decimal("20.00"),
        period_from=today,
        period_to=today + timedelta(days=29),
        method="cash",
    )
    photo = io.BytesIO()
    Image.new("RGB", (64, 80), (90, 120, 200)).save(photo, format="PNG")
    photo.seek(0)
    photos.photo_save(worker=workers[0], upload=photo, consent=True, by=None)
    OptOut.objects.create(
        center=center, phone="+19095550999", source="reply", opted_out_at=at("05:00")
    )

    employer = factories.EmployerFactory(center=center, name="Dana Smith", phone="+19095550100")
    portal_user = factories.UserFactory(username="portal", language="es")
    employer.portal_user = portal_user
    employer.save()
    factories.EmployerFactory(center=center, name="Blocked Co", blocked=True, blocked_reason="x")
    terms = terms_publish(center=center, by=None, text_es="Pago diario", text_en="Daily pay")
    signed_up = factories.EmployerFactory(
        center=center, name="Rosa Delgado", approval="pending", terms=terms, email="r@example.com"
    )
    email_link_send(employer=signed_up, link_base="http://testserver/")

    for minute, worker in enumerate(workers):
        signin = morning.signin_create(center=center, badge=worker.badge, now=at("00:00"))
        if minute == 0:
            morning.priority_flag_set(signin=signin, list_name="volunteer")
        if minute >= 4:
            morning.signin_update(signin=signin, present=False)
    morning.lottery_draw(center=center, now=at("00:02"))

    desk_job = factories.JobFactory(center=center, employer=employer, skills=skills[:1])
    morning.job_dispatch_desk(job=desk_job)
    sms_job = factories.JobFactory(center=center, employer=employer, workers_needed=2)
    offers.offers_send(job=sms_job, now=at("00:05"))
    factories.JobFactory(center=center, employer=employer, status="cancelled")
    factories.JobFactory(center=center, employer=employer, date=today + timedelta(days=2))
    three_days = factories.JobFactory(
        center=center, employer=employer, end_date=today + timedelta(days=2)
    )
    morning.job_dispatch_desk(job=three_days)

    yesterday = factories.JobFactory(
        center=center,
        employer=employer,
        date=today - timedelta(days=1),
        hourly_wage=Decimal("23.00"),
        estimated_hours=Decimal("3.0"),
        status="completed",
    )
    done = factories.AssignmentFactory(
        job=yesterday,
        worker=workers[1],
        state="completed",
        hours_worked=Decimal("3.0"),
        amount_paid=Decimal("50.00"),
        pay_note="Pagó una parte",
        paid_status="partial",
    )
    factories.AssignmentFactory(job=yesterday, worker=workers[2], slot=2, state="no_show")
    rate_worker(assignment=done, employer=employer, on_time=True, quality=4, would_hire_again=True)
    decline = decline_create(
        employer=employer, worker=workers[2], reason="no_show", note="No vino", by=None
    )
    claim = claims.claim_open_from_assignment(assignment=done, amount_owed=Decimal("19.00"))
    claims.claim_payment(claim=claim, amount=Decimal("5.00"), note="Primer pago")
    factories.WageClaimFactory(center=center, worker=workers[3], employer=employer)
    StatusEvent.objects.create(provider_sid="SM1", status="delivered")

    osha = activities.activity_create(
        center=center, kind="safety", training="osha10", title="OSHA-10", date=today,
        start_time=time(9, 0), hours=Decimal("10"), capacity=20, place="Salón",
    )  # fmt: skip
    attended = activities.attendance_record(activity=osha, worker=workers[0], now=at("00:10"))
    orientation = activities.activity_create(
        center=center, kind="orientation", date=today - timedelta(days=3), start_time=time(18, 0),
        hours=Decimal("2"),
    )  # fmt: skip
    activities.attendance_record(activity=orientation, worker=workers[0])
    activities.activity_complete(activity=orientation)
    activities.certificate_issue(
        worker=workers[2], training=Training.objects.get(code="first_aid"),
        issued_on=today - timedelta(days=715),
    )  # fmt: skip

    # Graton: its objects must never be reachable from Pomona's ids.
    factories.WorkerFactory(center=other_center)
    factories.StaffFactory(center=other_center, role="coordinator")
    factories.WageClaimFactory(center=other_center)

    decision_record(
        center=center, by=None, setting="lottery_mode", value="tiered", votes_for=30,
        votes_against=5, votes_abstain=2, assembly_date=today,
        effective_date=today + timedelta(days=7),
    )  # fmt: skip
    kind_floor_set(center=center, by=None, skill="moving", starts_on=today,
                   wage_floor=Decimal("22.00"), min_hours=Decimal("3"))  # fmt: skip
    demographics_record(worker=workers[0], by=None, gender="woman")

    stats_rebuild(start=today - timedelta(days=7), end=today)

    signin = SignIn.objects.filter(center=center).order_by("position").first()
    assignment = Assignment.objects.filter(center=center, state="active").first()
    display_link, display_token = display_link_create(center=center, label="Lobby TV", by=None)
    return {
        "center": center,
        "worker": workers[0],
        "suspended": suspended,
        "employer": employer,
        "job": sms_job,
        "three_days": three_days,
        "desk_job": desk_job,
        "logged_job": yesterday,
        "assignment": assignment,
        "done": done,
        "decline": decline,
        "claim": claim,
        "signin": signin,
        "portal_user": portal_user,
        "today": today,
        "display_link": display_link,
        "display_token": display_token,
        "dues": dues,
        "signed_up": signed_up,
        "activity": osha,
        "attendance": attended,
    }


#: Path parameters by URL name: which of the day's objects fills them.
FILL = {
    "worker-detail": lambda d: {"pk": d["worker"].pk},
    "worker-edit": lambda d: {"pk": d["suspended"].pk},
    "worker-card": lambda d: {"pk": d["worker"].pk},
    "worker-erase": lambda d: {"pk": d["worker"].pk},
    "dues-create": lambda d: {"pk": d["worker"].pk},
    "dues-receipt": lambda d: {"pk": d["worker"].pk, "payment": d["dues"].pk},
    "worker-photo": lambda d: {"pk": d["worker"].pk},
    "worker-photo-take": lambda d: {"pk": d["worker"].pk},
    "worker-photo-withdraw": lambda d: {"pk": d["worker"].pk},
    "worker-demographics": lambda d: {"pk": d["worker"].pk},
    "reports-funder-csv": lambda d: [{"table": "months"}, {"table": "demographics"}],
    "worker-history": lambda d: {"pk": d["suspended"].pk},
    "worker-sanction": lambda d: {"pk": d["suspended"].pk, "action": "record"},
    "employer-detail": lambda d: {"pk": d["employer"].pk},
    "employer-edit": lambda d: {"pk": d["employer"].pk},
    "employer-history": lambda d: {"pk": d["employer"].pk},
    "job-detail": lambda d: [{"pk": d["job"].pk}, {"pk": d["three_days"].pk}],
    "job-edit": lambda d: [{"pk": d["job"].pk}, {"pk": d["three_days"].pk}],
    "job-cancel": lambda d: {"pk": d["job"].pk},
    "job-log": lambda d: {"pk": d["logged_job"].pk},
    "portal-job-cancel": lambda d: {"pk": d["job"].pk},
    "employer-review": lambda d: {"pk": d["signed_up"].pk},
    "portal-signup-form": lambda d: {"slug": d["center"].slug},
    "portal-verify-email": lambda d: {"token": email_token(d["signed_up"])},
    "portal-job-workers": lambda d: {"pk": d["logged_job"].pk},
    "portal-rate": lambda d: {"pk": d["done"].pk},
    "portal-decline": lambda d: {"pk": d["done"].pk},
    "decline-review": lambda d: {"pk": d["decline"].pk},
    "desk-dispatch": lambda d: {"pk": d["job"].pk},
    "desk-undo": lambda d: {"pk": d["assignment"].pk},
    "desk-signin-update": lambda d: {"pk": d["signin"].pk},
    "desk-why": lambda d: {"worker_id": d["signin"].worker_id},
    "dispatch-slip": lambda d: {"pk": d["assignment"].pk},
    "display": lambda d: {"slug": d["center"].slug},
    "display-live": lambda d: {"slug": d["center"].slug},
    "display-token": lambda d: {"slug": d["center"].slug, "token": d["display_token"]},
    "display-token-live": lambda d: {"slug": d["center"].slug, "token": d["display_token"]},
    "display-link-revoke": lambda d: {"pk": d["display_link"].pk},
    "lottery-proof": lambda d: {"slug": d["center"].slug, "day": d["today"].isoformat()},
    "claim-detail": lambda d: {"pk": d["claim"].pk},
    "claim-letter": lambda d: {"pk": d["claim"].pk},
    "claim-action": lambda d: {"pk": d["claim"].pk, "action": "edit"},
    "assignment-action": lambda d: {"pk": d["done"].pk, "action": "complete"},
    "activity-detail": lambda d: {"pk": d["activity"].pk},
    "activity-edit": lambda d: {"pk": d["activity"].pk},
    "activity-complete": lambda d: {"pk": d["activity"].pk},
    "attendance-hours": lambda d: {"pk": d["attendance"].pk},
    "reports-csv": lambda d: [
        {"table": t} for t in ("totals", "daily", "trend", "simulation", "out-of-turn")
    ],
}

#: Pages reached with a query string as well (filters, the other half of a page).
WITH_QUERY = [
    "/audit/?kind=draw",
    "/claims/?status=all",
    "/claims/new/?assignment={done}",
    "/desk/live/?rows=all",
    "/desk/?activity={activity}",
    "/jobs/new/?employer={employer}",
    "/workers/cards/?from=1&to=99999",
    "/workers/?q=w",
    "/reports/fairness/?start={week_ago}",
    "/reports/?start={week_ago}",
    "/sms/voice/prompts/?language=mixteco",
    "/reports/funder/?start={week_ago}",
    "/center/decisions/new/?setting=wage_floor",
    "/center/decisions/new/?setting=lottery_mode",
]


def _admin_fill(name: str, params: list[str], day: dict) -> list[dict] | None:
    """Admin pages: each model's objects of the day, the app sections by their labels."""
    if params == ["app_label"]:
        return [{"app_label": label} for label in {m._meta.app_label for m in admin.site._registry}]
    if "object_id" in params or params == ["id"]:
        app_model = name.split(":", 1)[1].rsplit("_", 1)[0]
        for model in admin.site._registry:
            if f"{model._meta.app_label}_{model._meta.model_name}" == app_model:
                obj = model._default_manager.order_by("pk").first()
                if obj is None:
                    return None
                key = "object_id" if "object_id" in params else "id"
                return [{key: obj.pk}]
    return None


def _admin_versions(name: str) -> list[str]:
    """An audited object's past version in the admin (simple_history's positional route)."""
    app_model = name.split(":", 1)[1].removesuffix("_simple_history")
    for model in admin.site._registry:
        if f"{model._meta.app_label}_{model._meta.model_name}" == app_model:
            version = model.history.order_by("history_id").first()
            if version is None:
                return []
            return [reverse(name, args=[version.id, version.history_id])]
    return []


def crawl_urls(day: dict) -> tuple[list[str], list[str]]:
    """Every page address to crawl, and the routes that have no filling (a test failure)."""
    urls, unfilled = [], []
    for route, name, params in _all_routes():
        if any(route.startswith(prefix) for prefix in SKIP):
            continue
        if name is None:
            continue  # the admin's catch-all: a 404 for any other address under /admin/
        if name.endswith("_simple_history"):
            urls += _admin_versions(name)
            continue
        if not params:
            urls.append(reverse(name))
            continue
        if name.startswith("admin:"):
            fillings = _admin_fill(name, params, day)
            if fillings is None:
                continue  # a third-party model with no row (axes, tokens, groups)
        elif name in FILL:
            filled = FILL[name](day)
            fillings = filled if isinstance(filled, list) else [filled]
        else:
            unfilled.append(f"{route} ({name})")
            continue
        urls += [reverse(name, kwargs=kwargs) for kwargs in fillings]
    keys = {
        "done": day["done"].pk,
        "employer": day["employer"].pk,
        "activity": day["activity"].pk,
        "week_ago": (day["center"].today() - timedelta(days=7)).isoformat(),
    }
    urls += [url.format(**keys) for url in WITH_QUERY]
    return urls, unfilled


def _user(role: str, day: dict, center: Any):
    if role == "employer":
        return day["portal_user"]
    if role == "network_admin":
        user = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    else:
        user = factories.StaffFactory(center=center, role=role).user
    user.language = "es"
    user.save(update_fields=["language"])
    return user


#: What the Content-Security-Policy refuses (no inline script, handler or style): an event
#: handler attribute, a style attribute, a <style> element, a <script> that is neither a file
#: nor JSON data.
INLINE_CODE = re.compile(
    r"""<[a-z][^>]*\s(on[a-z]+|style|hx-on[:\w-]*)\s*=|<style[\s>]"""
    r"""|<script(?![^>]*(\bsrc=|type="application/json"))[^>]*>""",
    re.IGNORECASE,
)


def _inline_code(url: str, body: str) -> list[str]:
    if url.startswith("/admin/"):
        return []  # Django's own templates; their run under the policy has its own browser test
    return [match.group(0)[:80] for match in INLINE_CODE.finditer(body)]


def _csv_cells(body: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_in_spanish_without_a_server_error(day, center, role, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(_user(role, day, center))
    urls, unfilled = crawl_urls(day)
    assert not unfilled, f"routes with path parameters and no filling in FILL: {unfilled}"

    problems, pages = [], 0
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        kind = response.get("Content-Type", "")
        if response.streaming:
            continue
        body = response.content.decode(errors="replace")
        if kind.startswith("text/html"):
            pages += response.status_code == 200
            english = untranslated_on_page(body)
            inline = _inline_code(url, body)
            if inline:
                problems.append(f"{url}: inline code the policy refuses {inline}")
        elif kind.startswith("text/csv"):
            english = untranslated(_csv_cells(body))
        else:
            continue
        english = _ours(url, english)
        if english:
            problems.append(f"{url}: English {sorted(set(english))}")
    assert pages >= (2 if role == "employer" else 5), f"only {pages} pages opened for {role}"
    assert not problems, "\n".join(problems)


def test_the_crawl_reaches_every_admin_page_of_the_projects_models(day, center):
    urls, _unfilled = crawl_urls(day)
    models = [
        m
        for m in admin.site._registry
        if m._meta.app_label
        in ("centers", "workers", "sms", "employers", "dispatch", "wages", "reports")
    ]
    missing = [
        m._meta.label
        for m in models
        if not any(
            url.startswith(f"/admin/{m._meta.app_label}/{m._meta.model_name}/")
            and url.endswith("/change/")
            for url in urls
        )
    ]
    assert not missing
    assert apps.is_installed("django.contrib.admin")
    assert Sanction.objects.exists()
    assert Job.objects.filter(center=center).count() >= 5
