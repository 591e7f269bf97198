"""Every edit form round-trips: rendered for a populated object in Spanish and in English,
read from the real HTML and posted back unchanged, it changes nothing in the database.

A new edit page is covered by adding one ``EditPage`` line to ``EDIT_PAGES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.db.models import Model

from centers.models import User
from employers.signup import terms_publish
from tests import factories
from tests.htmlforms import page_form, page_forms
from workers.models import Activity, Training

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("centers", "workers", "sms", "employers", "dispatch", "wages", "reports")


# --- populated objects ------------------------------------------------------------------


def a_suspended_worker(center: Any) -> Model:
    painting = factories.SkillFactory(code="painting", name_en="Painting", name_es="Pintura")
    roofing = factories.SkillFactory(code="roofing", name_en="Roofing", name_es="Techos")
    today = center.today()
    return factories.WorkerFactory(
        center=center,
        full_name="Rosa María Pérez",
        known_as="Rosa",
        phone="+19095550123",
        other_languages="Mixteco",
        contact_preference="both",
        voice_language="mixteco",
        status="sanctioned",
        suspended_until=today + timedelta(days=12),
        suspension_reason="No-show after accepting",
        dues_paid_through=today + timedelta(days=200),
        notes="Prefers mornings.\nHas a ladder.",
        sms_consent_language="es",
        skills=[painting, roofing],
        english_level=1,
    )


def a_blocked_employer(center: Any) -> Model:
    return factories.EmployerFactory(
        center=center,
        name="Dana Smith",
        business_name="Smith & Sons Roofing",
        kind="contractor",
        phone="+19095550188",
        email="dana@example.com",
        address="12 Garey Ave, Pomona",
        notes="Pays in cash <always>.",
        blocked=True,
        blocked_reason="Open wage claim",
    )


def a_full_job(center: Any) -> Model:
    center.allow_employer_requests = True
    center.save(update_fields=["allow_employer_requests"])
    skill = factories.SkillFactory(code="moving", name_en="Moving", name_es="Mudanzas")
    requested = factories.WorkerFactory(center=center, badge=4711)
    job = factories.JobFactory(
        center=center,
        description="Move furniture, 2nd floor",
        date=center.today() + timedelta(days=3),
        start_time=time(7, 30),
        estimated_hours=Decimal("7.5"),
        hourly_wage=Decimal("1250.50"),
        workers_needed=2,
        address="400 Holt Ave, Pomona",
        transport_provided=True,
        pickup_place="Home Depot, Holt Ave",
        pickup_time=time(7, 0),
        skills=[skill],
        requested=[requested],
        min_english_level=2,
    )
    job.required_trainings.set(Training.objects.filter(code__in=["osha10", "first_aid"]))
    return job


def a_three_day_job(center: Any) -> Model:
    first = center.today() + timedelta(days=2)
    return factories.JobFactory(
        center=center,
        description="Paint the fence, three days",
        date=first,
        end_date=first + timedelta(days=2),
        start_time=time(8, 0),
        estimated_hours=Decimal("8"),
        hourly_wage=Decimal("27.50"),
        address="9 Orange Grove Ave, Pomona",
    )


def a_claim(center: Any) -> Model:
    today = center.today()
    return factories.WageClaimFactory(
        center=center,
        work_start=today - timedelta(days=20),
        work_end=today - timedelta(days=18),
        amount_owed=Decimal("1234.50"),
        description="Three days of drywall, never paid.",
    )


def a_partly_paid_job(center: Any) -> Model:
    """3 h at $23, $50 paid: completed with a note, partly paid and rated."""
    job = factories.JobFactory(
        center=center,
        date=center.today() - timedelta(days=1),
        hourly_wage=Decimal("23.00"),
        estimated_hours=Decimal("3.0"),
        status="completed",
    )
    return factories.AssignmentFactory(
        job=job,
        state="completed",
        hours_worked=Decimal("3.0"),
        amount_paid=Decimal("50.00"),
        pay_note="Paid in part, the rest promised",
        paid_status="partial",
        worker_rating=4,
        worker_rating_comment="Careful",
        employer_rating=2,
        employer_rating_comment="Late pay",
    )


def a_rated_worker(center: Any) -> Model:
    """An employer's rating of a worker, changed in the portal within the week."""
    from wages.services.feedback import rating_save

    employer = factories.EmployerFactory(
        center=center, portal_user=factories.UserFactory(username="portal-rater")
    )
    job = factories.JobFactory(
        center=center, employer=employer, date=center.today() - timedelta(days=2)
    )
    assignment = factories.AssignmentFactory(job=job, state="completed")
    return rating_save(
        assignment=assignment,
        employer=employer,
        on_time=False,
        quality=3,
        would_hire_again=True,
        comment="Bueno, pero llegó tarde",
    )


def an_activity(center: Any) -> Model:
    return Activity.objects.create(
        center=center,
        kind=Activity.Kind.SAFETY,
        title="OSHA-10 <English & Spanish>",
        date=center.today() + timedelta(days=2),
        start_time=time(17, 45),
        hours=Decimal("10.5"),
        place="Sala 2, 1460 E Holt Ave",
        capacity=24,
        training=Training.objects.get(code="osha10"),
        notes="Bring ID.\nLunch provided.",
    )


def a_center(center: Any) -> Model:
    center.signin_opens = time(5, 45)
    center.lottery_cutoff = time(7, 15)
    center.wage_floor = Decimal("1020.50")
    center.address = "1460 E Holt Ave, Pomona"
    center.save()
    return center


def a_center_with_membership_rules(center: Any) -> Model:
    center.wage_floor = Decimal("23.50")
    center.sms_name = "Centro Pomona"
    center.membership_grace_days = 45
    center.expired_member_policy = "lower_tier"
    center.save()
    return center


def a_center_with_terms(center: Any) -> Model:
    return terms_publish(
        center=center,
        by=None,
        text_es="Pago completo <al final> del día.\nMínimo 4 horas & agua.",
        text_en="Pay in full <at the end> of the day.\nAt least 4 hours & water.",
    )


def a_worker_who_told_their_demographics(center: Any) -> Model:
    from workers.services import demographics_record

    center.demographics_enabled = True
    center.save(update_fields=["demographics_enabled"])
    worker = factories.WorkerFactory(center=center)
    demographics_record(worker=worker, by=None, gender="woman", age_group="40_54")
    return worker


# --- the edit pages ---------------------------------------------------------------------


@dataclass
class EditPage:
    name: str
    make: Callable[[Any], Model]
    #: The page with the form and the path it posts to (``{pk}``, ``{job}`` are filled in).
    page: str
    action: str = ""
    user: str = "coordinator"
    button: str | None = None
    #: Objects whose rows must not change, besides the object itself.
    related: Callable[[Any], list[Model]] = field(default=lambda obj: [])


EDIT_PAGES = [
    EditPage("worker", a_suspended_worker, "/workers/{pk}/edit/"),
    EditPage("employer", a_blocked_employer, "/employers/{pk}/edit/"),
    EditPage("job", a_full_job, "/jobs/{pk}/edit/"),
    EditPage("claim correction", a_claim, "/claims/{pk}/", "/claims/{pk}/edit/"),
    EditPage(
        "job log: hours and pay",
        a_partly_paid_job,
        "/jobs/{job}/log/",
        "/assignments/{pk}/complete/",
        related=lambda a: [a.job],
    ),
    EditPage("job log: ratings", a_partly_paid_job, "/jobs/{job}/log/", "/assignments/{pk}/rate/"),
    EditPage(
        "center settings", a_center_with_membership_rules, "/center/settings/", user="center_admin"
    ),
    EditPage(
        "portal: rating of a worker",
        a_rated_worker,
        "/portal/workers/{assignment}/rate/",
        user="employer",
        related=lambda rating: [rating.assignment],
    ),
    EditPage(
        "center settings (admin)",
        a_center,
        "/admin/centers/center/{pk}/change/",
        user="network_admin",
        button="_save",
    ),
    EditPage(
        "job (admin)",
        a_full_job,
        "/admin/employers/job/{pk}/change/",
        user="network_admin",
        button="_save",
    ),
    EditPage(
        "wage claim (admin)",
        a_claim,
        "/admin/wages/wageclaim/{pk}/change/",
        user="network_admin",
        button="_save",
    ),
    EditPage(
        "voluntary demographics",
        a_worker_who_told_their_demographics,
        "/workers/{pk}/demographics/",
        user="center_admin",
        related=lambda worker: [worker.demographics],
    ),
    EditPage(
        "worker (admin)",
        a_suspended_worker,
        "/admin/workers/worker/{pk}/change/",
        user="network_admin",
        button="_save",
    ),
    EditPage(
        "job of several days",
        a_three_day_job,
        "/jobs/{pk}/edit/",
        related=lambda job: list(job.days.all()),
    ),
    EditPage("terms for employers", a_center_with_terms, "/employers/terms/", user="center_admin"),
    EditPage("activity", an_activity, "/activities/{pk}/edit/"),
]


# --- reading the database ---------------------------------------------------------------


#: Derived on every save from the other fields (the search index), or the save's own time.
DERIVED = {"search_text"}


def row(obj: Model) -> dict[str, Any]:
    """The object's stored values (derived ones aside) and its many-to-many sets."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    values = {
        f.attname: getattr(fresh, f.attname)
        for f in fresh._meta.concrete_fields
        if not getattr(f, "auto_now", False) and f.name not in DERIVED
    }
    for m2m in fresh._meta.many_to_many:
        values[m2m.name] = sorted(getattr(fresh, m2m.name).values_list("pk", flat=True))
    return values


def row_counts() -> dict[str, int]:
    """Rows of every model of the project (audit history aside): nothing new may be written."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical")
    }


@pytest.fixture
def user_for(center):
    def make(kind: str, language: str):
        if kind == "network_admin":
            user = factories.UserFactory(is_superuser=True, is_staff=True)
        elif kind == "employer":
            user = User.objects.get(username="portal-rater")
        else:
            user = factories.StaffFactory(center=center, role=kind).user
        user.language = language
        user.save(update_fields=["language"])
        return user

    return make


@pytest.mark.parametrize(
    ("language", "separators"),
    [("es", False), ("en", False), ("es", True)],
    ids=["es", "en", "es-thousands-separators"],
)
@pytest.mark.parametrize("edit", EDIT_PAGES, ids=lambda edit: edit.name)
def test_an_edit_form_posted_back_unchanged_changes_nothing(
    client, center, user_for, edit, language, separators, settings
):
    """Also with numbers shown with thousands separators ($1,250.50): a form's own values
    never are."""
    settings.USE_THOUSAND_SEPARATOR = separators
    obj = edit.make(center)
    client.force_login(user_for(edit.user, language))
    client.cookies["django_language"] = language
    keys = {
        "pk": obj.pk,
        "job": getattr(obj, "job_id", None),
        "assignment": getattr(obj, "assignment_id", None),
    }
    page = client.get(edit.page.format(**keys))
    assert page.status_code == 200
    html = page.content.decode()
    action = edit.action.format(**keys)
    form = page_form(html, action)
    assert form.fields, f"no fields read from the {edit.name} form"

    watched = [obj, *edit.related(obj)]
    before = [row(o) for o in watched], row_counts()
    response = client.post(action or edit.page.format(**keys), form.submit_data(edit.button))

    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]
    assert response.status_code == 302, re.findall(r'class="errorlist.*?</ul>', response.text)
    assert not errors
    after = [row(o) for o in watched], row_counts()
    changed = {
        f"{type(o).__name__}.{name}": (old[name], new[name])
        for o, old, new in zip(watched, before[0], after[0], strict=True)
        for name in old
        if old[name] != new[name]
    }
    assert not changed
    assert after[1] == before[1]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (EDIT_PAGES[0], lambda w: {"suspended_until": w.suspended_until.isoformat()}),
        (EDIT_PAGES[2], lambda j: {"date": j.date.isoformat(), "start_time": "07:30"}),
        (EDIT_PAGES[3], lambda c: {"work_start": c.work_start.isoformat()}),
    ],
    ids=["worker", "job", "claim"],
)
def test_date_and_time_inputs_show_iso_values_in_every_language(
    client, center, user_for, edit, expected, language
):
    obj = edit.make(center)
    client.force_login(user_for(edit.user, language))
    html = client.get(edit.page.format(pk=obj.pk)).content.decode()
    form = page_form(html, edit.action.format(pk=obj.pk))
    for name, value in expected(obj).items():
        assert form.value(name) == value


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("path", ["/jobs/new/", "/portal/jobs/new/", "/claims/new/"])
def test_new_forms_default_to_todays_date_in_every_language(
    client, center, user_for, path, language
):
    employer = factories.EmployerFactory(center=center)
    if path.startswith("/portal/"):
        user = factories.UserFactory(language=language)
        employer.portal_user = user
        employer.save(update_fields=["portal_user"])
    else:
        user = user_for("coordinator", language)
    client.force_login(user)
    html = client.get(path).content.decode()
    (form,) = [f for f in page_forms(html) if f.method == "post" and f.action == ""]
    dates = [name for name, kind in form.types.items() if kind == "date"]
    assert dates
    assert form.value(dates[0]) == center.today().isoformat()


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/jobs/log/?date={day}", ["date"]),
        ("/jobs/?date={day}", ["date"]),
        ("/reports/?start={day}&end={day}", ["start", "end"]),
    ],
)
def test_hand_written_date_filters_keep_the_chosen_date_in_every_language(
    client, center, user_for, path, names, language
):
    day = (center.today() - timedelta(days=9)).isoformat()
    role = "board" if path.startswith("/reports/") else "coordinator"
    client.force_login(user_for(role, language))
    html = client.get(path.format(day=day)).content.decode()
    (form,) = [f for f in page_forms(html) if set(names) <= f.names()]
    assert [form.value(name) for name in names] == [day] * len(names)


def test_every_date_and_time_field_of_a_page_uses_the_iso_widgets():
    """HTML date and time inputs only take ISO values: every form of the project uses the
    shared widgets (``centers.forms``), so no language can render a value they cannot show."""
    from django import forms

    # Imported so that every form class is defined before the subclasses are walked below.
    import wages.forms.ledger  # noqa: F401 (imported so its forms are defined before the walk)
    import workers.forms  # noqa: F401
    from centers.forms import IsoDateInput, IsoTimeInput

    def subclasses(cls: type) -> list[type]:
        return [s for c in cls.__subclasses__() for s in (c, *subclasses(c))]

    ours = [
        form for form in subclasses(forms.BaseForm) if form.__module__.split(".")[0] in PROJECT_APPS
    ]
    assert len(ours) >= 10
    wrong = []
    for form in ours:
        for name, field_ in getattr(form, "base_fields", {}).items():
            wanted = {
                forms.DateTimeField: None,
                forms.DateField: IsoDateInput,
                forms.TimeField: IsoTimeInput,
            }
            for kind, widget in wanted.items():
                if isinstance(field_, kind):
                    if widget is None or not isinstance(field_.widget, widget):
                        wrong.append(f"{form.__module__}.{form.__name__}.{name}")
                    break
    assert not wrong


def test_every_edit_page_of_the_urlconf_is_round_tripped():
    """An address named ``*-edit`` (or ending in ``/edit/``) is an edit page: it is listed above."""
    from django.urls import URLResolver, get_resolver

    def routes(entries, prefix=""):
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from routes(entry.url_patterns, route)
            else:
                yield route, entry.name or ""

    def shape(path: str) -> str:
        return re.sub(r"<[^>]+>|\{[^}]+\}", "#", path.lstrip("/"))

    covered = {shape(edit.page) for edit in EDIT_PAGES} | {
        shape(edit.action) for edit in EDIT_PAGES if edit.action
    }
    edit_pages = [
        route
        for route, name in routes(get_resolver().url_patterns)
        if (name.endswith("-edit") or route.endswith("/edit/")) and not route.startswith("api/")
    ]
    assert edit_pages
    missing = [route for route in edit_pages if shape(route) not in covered]
    assert not missing, f"edit pages without a round-trip line in EDIT_PAGES: {missing}"
