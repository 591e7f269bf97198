"""Employers sign up in the portal: the bot defence, the throttle, the verification by a
signed email link or a texted code, the center's versioned terms, the approval by the
center (its coordinators only) and the jobs held until then."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from dispatch.errors import DispatchConflict
from dispatch.services import morning
from employers import selectors, signup
from employers.errors import DispatchError
from employers.models import CenterTerms, Employer, Job, SignupAttempt
from employers.services import job_create
from sms.models import Email, Message
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "patio-limpio-2026"


@pytest.fixture
def terms(center):
    return signup.terms_publish(
        center=center,
        by=None,
        text_es="Pago completo al final del día. Mínimo 4 horas.",
        text_en="Pay in full at the end of the day. At least 4 hours.",
    )


@pytest.fixture
def settled(settings):
    """A person's pace: the form's minimum age is the only thing the tests skip."""
    settings.SIGNUP_MIN_SECONDS = 0


def form_data(terms, **changes):
    data = {
        "name": "Rosa Delgado",
        "business_name": "",
        "kind": "homeowner",
        "phone": "(909) 555-0377",
        "email": "Rosa@Example.com",
        "password": PASSWORD,
        "language": "es",
        "verify_by": "email",
        "accept_terms": "on",
        "terms_version": str(terms.version),
        "started": signup.form_token_make(),
        "website": "",
    }
    return data | changes


def sign_up(client, center, terms, **changes):
    return client.post(f"/portal/signup/{center.slug}/", form_data(terms, **changes))


def send_outbox(captured):
    """Run what was queued after commit (the email and SMS tasks, eager in tests)."""
    for callback in captured:
        callback()


# --- the bot defence ------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_and_nothing_is_written(client, center, terms, settled):
    response = sign_up(client, center, terms, website="http://spam.example")
    assert response.status_code == 400
    assert not Employer.objects.exists()
    assert not SignupAttempt.objects.exists()


def test_a_form_sent_within_seconds_of_being_shown_is_refused(client, center, terms, settings):
    settings.SIGNUP_MIN_SECONDS = 3
    response = sign_up(client, center, terms)
    assert response.status_code == 400
    assert "That was very fast" in response.content.decode()
    assert not Employer.objects.exists()


def test_an_old_or_forged_time_token_is_refused(client, center, terms, settled):
    old = signup.form_token_make(now=timezone.now() - timedelta(hours=3))
    assert sign_up(client, center, terms, started=old).status_code == 400
    assert sign_up(client, center, terms, started="12345:forged").status_code == 400
    assert not Employer.objects.exists()
    # The refused form comes back with a fresh token, so a person can send it again.
    page = sign_up(client, center, terms, started=old).content.decode()
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    signup.form_check(token=token, honeypot="", now=timezone.now() + timedelta(seconds=5))


def test_sign_ups_from_one_address_are_throttled(client, center, terms, settled, settings):
    settings.SIGNUP_PER_ADDRESS_PER_HOUR = 2
    for n in range(2):
        assert sign_up(client, center, terms, email=f"e{n}@example.com").status_code == 302
        client.logout()
    response = sign_up(client, center, terms, email="third@example.com")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert Employer.objects.count() == 2
    assert not Employer.objects.filter(email="third@example.com").exists()


# --- signing up and confirming --------------------------------------------------------


def test_signing_up_makes_a_pending_account_with_the_terms_and_emails_a_link(
    client, center, terms, settled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as captured:
        response = sign_up(client, center, terms)
    assert response.status_code == 302
    assert response["Location"] == "/portal/verify/"
    employer = Employer.objects.get()
    assert employer.approval == Employer.Approval.PENDING
    assert employer.email == "rosa@example.com"
    assert str(employer.phone) == "+19095550377"
    assert employer.terms == terms
    assert employer.terms_accepted_at is not None
    assert employer.portal_user.username == "rosa@example.com"
    assert employer.portal_user.language == "es"
    assert not employer.verified

    send_outbox(captured)
    [email] = mail.outbox
    assert email.to == ["rosa@example.com"]
    assert email.subject == "Confirme su correo para Pomona"
    assert Email.objects.get().status == Email.Status.SENT
    link = re.search(r"http://testserver(/portal/verify/email/[^/\s]+/)", email.body).group(1)
    assert client.get(link).status_code == 200
    employer.refresh_from_db()
    assert employer.email_verified_at is not None
    assert client.get("/portal/verify/")["Location"] == "/portal/"


def test_a_tampered_email_link_verifies_nothing(client, center, terms, settled):
    sign_up(client, center, terms)
    employer = Employer.objects.get()
    token = signup.email_token(employer)
    response = client.get(f"/portal/verify/email/{token[:-2]}xx/")
    assert response.status_code == 400
    employer.refresh_from_db()
    assert employer.email_verified_at is None


def test_the_phone_is_confirmed_with_the_texted_code_and_wrong_codes_count(
    client, center, terms, settled, django_capture_on_commit_callbacks, settings
):
    settings.SIGNUP_PHONE_CODE_TRIES = 2
    with django_capture_on_commit_callbacks():
        sign_up(client, center, terms, verify_by="sms")
    employer = Employer.objects.get()
    text = Message.objects.get(kind="employer_code")
    assert str(text.to_number) == "+19095550377"
    assert text.worker is None
    assert text.language == "es"
    code = re.search(r"\b(\d{6})\b", text.body).group(1)
    assert employer.phone_code_hash
    assert code not in employer.phone_code_hash

    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/portal/verify/", {"code": wrong})
    assert response.status_code == 400
    assert "Ese código no es correcto" in response.content.decode()
    employer.refresh_from_db()
    assert employer.phone_code_tries == 1
    assert employer.phone_verified_at is None

    assert client.post("/portal/verify/", {"code": code})["Location"] == "/portal/"
    employer.refresh_from_db()
    assert employer.phone_verified_at is not None


def test_too_many_wrong_codes_expire_the_code(center, terms):
    employer = factories.EmployerFactory(center=center, phone="+19095550377")
    signup.phone_code_send(employer=employer)
    for _ in range(5):
        with pytest.raises(DispatchError):
            signup.phone_code_check(employer=employer, code="999999x")
    with pytest.raises(DispatchError) as refused:
        signup.phone_code_check(employer=employer, code="123456")
    assert refused.value.code == "code_expired"


def test_an_email_already_in_use_is_refused_with_nothing_written(client, center, terms, settled):
    factories.UserFactory(username="rosa@example.com")
    response = sign_up(client, center, terms)
    assert response.status_code == 400
    assert "already an account with this email" in response.content.decode()
    assert not Employer.objects.exists()


def test_a_weak_password_and_missing_terms_are_refused(client, center, terms, settled):
    response = sign_up(client, center, terms, password="12345678")
    assert response.status_code == 400
    data = form_data(terms)
    del data["accept_terms"]
    assert client.post(f"/portal/signup/{center.slug}/", data).status_code == 400
    assert not Employer.objects.exists()


def test_terms_that_changed_while_reading_must_be_read_again(client, center, terms, settled):
    signup.terms_publish(center=center, by=None, text_es="Nuevo", text_en="New")
    response = sign_up(client, center, terms)
    assert response.status_code == 400
    assert "changed its terms" in response.content.decode()
    assert not Employer.objects.exists()


def test_the_form_speaks_spanish_and_shows_the_terms(client, center, terms):
    client.cookies["django_language"] = "es"
    page = client.get(f"/portal/signup/{center.slug}/", HTTP_ACCEPT_LANGUAGE="es").content
    text = page.decode()
    assert "Pago completo al final del día" in text
    assert "Acepto las condiciones del centro" in text
    assert "$20.00" in text


# --- terms ----------------------------------------------------------------------------


def test_terms_are_versioned_and_an_unchanged_text_makes_no_version(center, center_admin):
    first = signup.terms_publish(center=center, by=center_admin, text_es="A", text_en="A")
    assert signup.terms_publish(center=center, by=center_admin, text_es="A ", text_en="A") == first
    second = signup.terms_publish(center=center, by=center_admin, text_es="B", text_en="B")
    assert (first.version, second.version) == (1, 2)
    assert CenterTerms.objects.count() == 2


def test_a_center_admin_edits_the_terms_and_a_coordinator_cannot(
    client, center, center_admin, coordinator
):
    client.force_login(coordinator)
    assert client.get("/employers/terms/").status_code == 403
    client.force_login(center_admin)
    response = client.post("/employers/terms/", {"text_es": "Pago diario", "text_en": "Daily pay"})
    assert response.status_code == 302
    assert CenterTerms.objects.get(center=center).text_es == "Pago diario"
    assert client.post("/employers/terms/", {"text_es": "", "text_en": "x"}).status_code == 400


# --- approval and held jobs -----------------------------------------------------------


def pending_employer(center, terms, **fields):
    defaults = {
        "approval": Employer.Approval.PENDING,
        "email": "rosa@example.com",
        "email_verified_at": timezone.now(),
        "terms": terms,
        "terms_accepted_at": timezone.now(),
    }
    return factories.EmployerFactory(center=center, **(defaults | fields))


def a_job(center, employer):
    return job_create(
        center=center,
        employer=employer,
        by=None,
        source="portal",
        description="Yard cleanup",
        workers_needed=1,
        date=center.today() + timedelta(days=1),
        start_time=factories.LATER_TODAY,
        estimated_hours=4,
        hourly_wage=center.wage_floor,
        address="12 Holt Ave, Pomona",
    )


def test_a_pending_employers_job_is_held_and_never_dispatched(center, terms):
    employer = pending_employer(center, terms)
    job = a_job(center, employer)
    assert job.status == Job.Status.PENDING
    assert "waiting for the center's approval" in job.warnings[-1]
    worker = factories.WorkerFactory(center=center)
    with pytest.raises(DispatchConflict):
        morning.job_dispatch_desk(job=job)
    with pytest.raises(DispatchConflict):
        morning.assignment_direct(job=job, worker=worker)


def test_approval_releases_the_held_jobs_and_tells_the_employer(
    center, terms, coordinator, django_capture_on_commit_callbacks
):
    employer = pending_employer(center, terms)
    job = a_job(center, employer)
    past = factories.JobFactory(
        center=center,
        employer=employer,
        status=Job.Status.PENDING,
        date=center.today() - timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        signup.employer_review(employer=employer, by=coordinator, approve=True)
    job.refresh_from_db()
    past.refresh_from_db()
    assert job.status == Job.Status.OPEN
    assert past.status == Job.Status.CANCELLED
    employer.refresh_from_db()
    assert employer.approval == Employer.Approval.APPROVED
    assert employer.reviewed_by == coordinator
    assert [m.subject for m in mail.outbox] == ["Pomona aprobó su cuenta"]
    with pytest.raises(DispatchError):
        signup.employer_review(employer=employer, by=coordinator, approve=False, reason="x")


def test_an_unverified_account_cannot_be_approved_and_a_refusal_needs_a_reason(center, terms):
    employer = pending_employer(center, terms, email_verified_at=None)
    with pytest.raises(DispatchError) as refused:
        signup.employer_review(employer=employer, by=None, approve=True)
    assert refused.value.code == "not_verified"
    with pytest.raises(DispatchError):
        signup.employer_review(employer=employer, by=None, approve=False, reason=" ")
    employer.refresh_from_db()
    assert employer.approval == Employer.Approval.PENDING


def test_a_refused_account_has_its_jobs_cancelled_and_cannot_post(center, terms):
    employer = pending_employer(center, terms)
    job = a_job(center, employer)
    signup.employer_review(employer=employer, by=None, approve=False, reason="Not a real business")
    job.refresh_from_db()
    employer.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    with pytest.raises(DispatchError) as refused:
        a_job(center, employer)
    assert refused.value.code == "employer_refused"


def test_the_desk_lists_and_approves_only_its_own_centers_employers(
    client, center, other_center, terms, coordinator, other_coordinator
):
    ours = pending_employer(center, terms, name="Rosa Delgado")
    theirs = pending_employer(other_center, None, name="Tomás Becker", email="t@example.com")
    client.force_login(coordinator)
    page = client.get("/employers/pending/").content.decode()
    assert "Rosa Delgado" in page
    assert "Tomás Becker" not in page
    detail = client.get(f"/employers/{ours.pk}/").content.decode()
    assert "Waiting for approval" in detail
    assert "terms v1 accepted" in detail
    assert client.get(f"/employers/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/employers/{theirs.pk}/review/", {"decision": "approve"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.approval == Employer.Approval.PENDING

    client.force_login(other_coordinator)
    assert client.post(f"/employers/{ours.pk}/review/", {"decision": "approve"}).status_code == 404
    ours.refresh_from_db()
    assert ours.approval == Employer.Approval.PENDING
    client.force_login(coordinator)
    assert client.post(f"/employers/{ours.pk}/review/", {"decision": "approve"}).status_code == 302
    ours.refresh_from_db()
    assert ours.approval == Employer.Approval.APPROVED


def test_the_portal_says_the_account_waits_and_held_jobs_show_as_waiting(client, center, terms):
    user = factories.UserFactory(username="rosa", language="es")
    employer = pending_employer(center, terms, portal_user=user)
    a_job(center, employer)
    client.force_login(user)
    page = client.get("/portal/").content.decode()
    assert "El centro está revisando su cuenta" in page
    assert "Esperando aprobación" in page


def test_a_center_admin_writes_only_their_own_centers_terms(client, center, other_center, terms):
    other_admin = factories.StaffFactory(center=other_center, role="center_admin").user
    client.force_login(other_admin)
    page = client.get("/employers/terms/").content.decode()
    assert "Pago completo al final del día" not in page
    client.post("/employers/terms/", {"text_es": "Otra", "text_en": "Other"})
    assert selectors.terms_current(center) == terms
    assert selectors.terms_current(other_center).text_en == "Other"


def test_a_new_code_is_texted_on_request_but_not_twice_a_minute(client, center, terms, settled):
    sign_up(client, center, terms, verify_by="sms")
    assert Message.objects.filter(kind="employer_code").count() == 1
    client.post("/portal/verify/again/", {"by": "sms"})
    assert Message.objects.filter(kind="employer_code").count() == 1  # within the minute
    Employer.objects.update(phone_code_sent_at=timezone.now() - timedelta(minutes=2))
    client.post("/portal/verify/again/", {"by": "sms"})
    assert Message.objects.filter(kind="employer_code").count() == 2
