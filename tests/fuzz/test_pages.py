"""Every page, its search and its forms, fed bad input by hypothesis, never answer with a
server error: NUL bytes and control characters, numbers too big for the database, digits
that are not ASCII (superscripts, Arabic-Indic, fullwidth), dates at the calendar's ends.

The pages come from the URLconf (everything but the API, the admin and the webhooks, which
have their own tests; the employer portal as an employer); their forms and fields from the pages as rendered. Bounded: a few
derandomized examples per page."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dispatch.models import SignIn
from tests import factories

EXAMPLES = 4
SKIPPED_PREFIXES = ("api/", "admin/", "sms/twilio/", "portal/")
SKIPPED_NAMES = {"logout", "healthz", "readyz", "api-schema", "api-docs"}
#: Query parameters the pages read, fuzzed on every page besides its forms' own fields.
QUERY_PARAMS = (
    "q", "status", "date", "start", "end", "from", "to", "badge", "page", "worker",
    "assignment", "employer", "id", "before", "kind", "rows", "lang", "center", "scope",
)  # fmt: skip

BAD = [
    "\x00",
    "a\x00b",
    "\x07\x1b",
    "²",
    "¹²³",
    "٣٤",
    "１２",
    "9" * 5000,
    "2147483648",
    "-2147483649",
    "99999999999999999999",
    "0",
    "-1",
    "9999-12-31",
    "9999-12-30",
    "0001-01-01",
    "2026-02-30",
    "garbage",
    "",
    "ñ" * 600,
    "1e9",
    "NaN",
    "25:99",
    "<script>alert(1)</script>",
]
values = st.one_of(st.sampled_from(BAD), st.text(max_size=12))


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _patterns(entry, route)
        else:
            found.append((route, entry))
    return found


_ROUTES = {
    entry.name: route
    for route, entry in _patterns(get_resolver())
    if entry.name and entry.name not in SKIPPED_NAMES
}
PAGES = sorted((n, r) for n, r in _ROUTES.items() if not r.startswith(SKIPPED_PREFIXES))
#: The employer portal, fuzzed as an employer login.
PORTAL = sorted((n, r) for n, r in _ROUTES.items() if r.startswith("portal/"))


class _Forms(HTMLParser):
    """The forms of a page: method, action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attr.get("method") or "get").lower(),
                    "action": attr.get("action") or attr.get("hx-post") or "",
                    "fields": set(),
                }
            )
        elif tag in ("input", "select", "textarea", "button") and self.forms and attr.get("name"):
            self.forms[-1]["fields"].add(attr["name"])


@pytest.fixture
def ids(center):
    """One row of each kind, so pages that take an id have one to show."""
    center.signin_opens = center.signin_opens.replace(hour=0, minute=0)
    center.save()
    worker = factories.WorkerFactory(center=center, badge=7)
    assignment = factories.AssignmentFactory(
        job=factories.JobFactory(center=center, workers_needed=2), worker=worker
    )
    job = assignment.job
    claim = factories.WageClaimFactory(
        center=center, worker=worker, employer=job.employer, assignment=assignment
    )
    signin = SignIn.objects.create(
        center=center, worker=worker, date=center.today(), signed_in_at=assignment.created_at
    )
    return {
        "workers": worker.pk,
        "employers": job.employer_id,
        "jobs": job.pk,
        "claims": claim.pk,
        "assignments": assignment.pk,
        "signins": signin.pk,
        "why": worker.pk,
        "slip": assignment.pk,
        "display": center.slug,
        "csv": "totals",
    }


def _url(route: str, ids: dict[str, Any]) -> str:
    parts = []
    owner = ""
    for part in route.split("/"):
        if part.startswith("<"):
            converter = part.strip("<>").split(":")[0]
            if converter == "slug" and owner in ("claims",):
                part = "transition"
            else:
                part = str(ids.get(owner, ids["workers"]))
        else:
            owner = part or owner
        parts.append(part)
    return "/" + "/".join(parts)


@pytest.mark.parametrize(("name", "route"), PAGES, ids=[name for name, _ in PAGES])
def test_no_page_or_form_answers_bad_input_with_a_server_error(
    client, center_admin, ids, settings, name, route
):
    settings.SMS_SIMULATOR = True
    _fuzz(client, center_admin, _url(route, ids))


@pytest.mark.parametrize(("name", "route"), PORTAL, ids=[name for name, _ in PORTAL])
def test_no_portal_page_or_form_answers_bad_input_with_a_server_error(
    client, center, ids, name, route
):
    from datetime import timedelta

    from employers.signup import email_token

    employer_user = factories.UserFactory(username="portal-employer")
    employer = factories.EmployerFactory(center=center, name="Portal", portal_user=employer_user)
    done = factories.AssignmentFactory(  # a worker the employer may rate or decline
        job=factories.JobFactory(
            center=center, employer=employer, date=center.today() - timedelta(days=1)
        ),
        state="completed",
    )
    ids = {
        **ids,
        "jobs": factories.JobFactory(center=center, employer=employer).pk,
        "workers": done.pk,
    }
    special = {  # pages reached by a slug or a token, not by an id
        "portal-signup-form": f"/portal/signup/{center.slug}/",
        "portal-verify-email": f"/portal/verify/email/{email_token(employer)}/",
    }
    if name in special:  # the sign-up pages, for someone without an account yet
        assert client.get(special[name]).status_code == 200, special[name]
        _fuzz(client, None, special[name])
        return
    url = _url(route, ids)
    client.force_login(employer_user)
    assert client.get(url).status_code in (200, 405), url  # the portal opens for its employer
    _fuzz(client, employer_user, url)


def _fuzz(client: Any, user: Any, url: str) -> None:
    """GET the page, then for a few examples: its query string and each of its forms
    (``user`` None: as someone not logged in)."""
    if user is not None:
        client.force_login(user)
    page = client.get(url)
    assert page.status_code < 500, url
    parser = _Forms()
    parser.feed(page.content.decode(errors="replace"))
    forms = [
        form
        for form in parser.forms
        if not urlsplit(urljoin(url, form["action"])).path.startswith(("/accounts/logout",))
    ]

    @settings_for_pages
    @given(data=st.data())
    def fuzz(data: Any) -> None:
        query = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(QUERY_PARAMS, values)))
        response = client.get(url, query)
        assert response.status_code < 500, (url, query)
        for form in forms:
            fields = dict.fromkeys(sorted(form["fields"]), values)
            sent = data.draw(st.fixed_dictionaries(fields))
            target = urljoin(url, form["action"]) if form["action"] else url
            send = client.post if form["method"] == "post" else client.get
            response = send(target, sent, HTTP_HX_REQUEST="true")
            assert response.status_code < 500, (target, sent)
        if user is not None:
            client.force_login(user)  # a form may have switched the language or center

    fuzz()


settings_for_pages = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_the_fuzzed_pages_include_every_search_and_form_page():
    names = {name for name, _route in PAGES}
    assert {"worker-list", "employer-list", "job-list", "claim-list", "desk", "reports"} <= names
    assert {"worker-create", "job-create", "claim-create", "desk-signin", "worker-cards"} <= names
