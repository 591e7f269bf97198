"""An employer signs up in the portal in Spanish on a small screen, typing and pressing
Enter; confirms the email from the link the outbox sent; waits; a coordinator approves the
account and the held job goes to the desk."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail

from employers import signup
from employers.models import Employer, Job
from employers.services import job_create
from tests import factories
from tests.browser.test_spanish_morning import VISIBLE_TEXTS
from tests.i18n import untranslated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spanish_only(page):
    english = untranslated(page.evaluate(VISIBLE_TEXTS))
    assert not english, english


def test_an_employer_signs_up_confirms_and_is_approved_in_spanish(page, login, settings):
    settings.SIGNUP_MIN_SECONDS = 2
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    signup.terms_publish(
        center=center,
        by=None,
        text_es="Pago completo al final del día. Mínimo 4 horas pagadas.",
        text_en="Pay in full at the end of the day. At least 4 hours paid.",
    )
    page.set_viewport_size({"width": 1024, "height": 768})

    page.goto("/accounts/login/")
    page.click("button[lang=es]")  # the language switch
    page.click("#signup-link")
    page.click("#signup-center-pomona")
    page.wait_for_selector("#signup-form")
    assert "Mínimo 4 horas pagadas" in page.locator("#signup-terms").inner_text()
    spanish_only(page)
    page.wait_for_timeout(settings.SIGNUP_MIN_SECONDS * 1000)  # a person reads the terms first

    page.focus("#id_name")
    page.keyboard.type("Rosa Delgado", delay=20)
    page.focus("#id_phone")
    page.keyboard.type("909 555 0377", delay=20)
    page.focus("#id_email")
    page.keyboard.type("rosa@example.com", delay=20)
    page.focus("#id_password")
    page.keyboard.type("corto", delay=20)
    page.keyboard.press("Enter")  # the terms are not accepted yet, and the password is weak
    page.wait_for_selector(".errorlist")
    errors = page.locator(".errorlist").all_inner_texts()
    assert not any("muy rápido" in error for error in errors), errors  # read like a person
    assert len(errors) == 2, errors  # the terms box and the weak password, in one round
    assert not Employer.objects.exists()
    spanish_only(page)

    page.check("#id_accept_terms")
    page.fill("#id_password", "")
    page.focus("#id_password")
    page.keyboard.type("patio-limpio-2026", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/verify/")
    assert "rosa@example.com" in page.locator("#verify-email").inner_text()
    spanish_only(page)
    employer = Employer.objects.get()
    assert employer.approval == Employer.Approval.PENDING

    [email] = mail.outbox
    assert email.subject == "Confirme su correo para Pomona"
    link = re.search(r"https?://\S+/portal/verify/email/\S+/", email.body).group(0)
    page.goto(link)
    assert "Su correo está confirmado" in page.locator("#verify-done").inner_text()
    page.click("#portal-home-link")
    page.wait_for_url("**/portal/")
    assert "revisando su cuenta" in page.locator("#portal-approval").inner_text()

    job = job_create(
        center=center,
        employer=Employer.objects.get(),
        by=employer.portal_user,
        source="portal",
        description="Limpiar el patio",
        workers_needed=1,
        date=center.today() + timedelta(days=1),
        start_time=factories.LATER_TODAY,
        estimated_hours=4,
        hourly_wage=center.wage_floor,
        address="845 W Holt Ave, Pomona",
    )
    assert job.status == Job.Status.PENDING
    page.click('header button:has-text("Salir")')

    coordinator = factories.StaffFactory(center=center, role="coordinator").user
    coordinator.language = "es"
    coordinator.save()
    login(coordinator.username)
    page.goto("/employers/")
    page.click("#employers-pending")
    row = page.locator(f"#pending-{employer.pk}")
    assert "Rosa Delgado" in row.inner_text()
    assert "1" in row.locator("td").nth(6).inner_text()  # one job on hold
    spanish_only(page)
    page.click(f"#approve-{employer.pk}")
    page.wait_for_selector(".msg-success")
    assert "Cuenta de Rosa Delgado aprobada." in page.locator(".messages").inner_text()
    employer.refresh_from_db()
    job.refresh_from_db()
    assert employer.approval == Employer.Approval.APPROVED
    assert job.status == Job.Status.OPEN
    assert mail.outbox[-1].subject == "Pomona aprobó su cuenta"
