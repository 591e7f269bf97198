from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests import factories
from wages.models import WageClaim
from wages.services.ledger import assignment_complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_opens_a_claim_from_a_job_records_a_partial_payment_and_prints_the_letter(
    page, login, tmp_path
):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    desk = factories.StaffFactory(center=center, role="coordinator").user
    worker = factories.WorkerFactory(center=center, full_name="Juan Pérez", known_as="Juanito")
    assignment = factories.AssignmentFactory(
        job__center=center,
        job__date=center.today() - timedelta(days=1),
        job__employer__name="Greg Olsen",
        worker=worker,
    )
    assignment_complete(assignment=assignment, hours_worked="8")  # 8 h × $25 = $200

    login(desk.username)
    page.goto(f"/jobs/{assignment.job_id}/log/")
    page.click(f"#claim-from-{assignment.pk}")
    assert page.input_value("#id_amount_owed") == "200.00"
    page.fill("#id_description", "Employer paid nothing for the day")
    page.click("#claim-open")
    page.wait_for_selector("#claim-owed")
    claim = WageClaim.objects.get()
    assert claim.assignment_id == assignment.pk

    page.fill("#id_amount", "80")
    page.click("#payment-submit")
    page.wait_for_selector("text=Saved.")
    assert page.inner_text("#claim-recovered") == "$80.00"
    assert page.inner_text("#claim-balance") == "$120.00"

    page.click("#letter-es")
    page.wait_for_selector("#demand-letter")
    letter = page.inner_text("#demand-letter")
    assert "Salarios no pagados a Juan Pérez" in letter
    assert "$120.00" in letter
    page.emulate_media(media="print")
    assert not page.is_visible("header.topbar")
    assert not page.is_visible("#letter-print")
    assert page.is_visible("#demand-letter")
    pdf = page.pdf(path=str(tmp_path / "letter.pdf"))
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    page.click("#letter-sent")
    page.wait_for_selector("#claim-owed")
    claim.refresh_from_db()
    assert claim.status == WageClaim.Status.DEMAND_LETTER_SENT
    assert claim.amount_recovered == Decimal("80.00")
    assert [e.kind for e in claim.events.all()] == ["status", "payment", "status"]
