"""The audit page once the day's lottery has been drawn: the draw's JSON fields (the inputs and
the order) are shown as changes, in both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from dispatch.services import morning
from tests import factories
from wages.services import claims

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(center, at):
    workers = [factories.WorkerFactory(center=center) for _ in range(3)]
    for minute, worker in enumerate(workers):
        morning.signin_create(center=center, badge=worker.badge, now=at(f"06:{10 + minute}"))
    return morning.lottery_draw(center=center, now=at("07:31"))


@pytest.fixture
def admin_client(client, center_admin):
    def make(language: str):
        center_admin.language = language
        center_admin.save(update_fields=["language"])
        client.force_login(center_admin)
        return client

    return make


@pytest.mark.parametrize(("language", "heading"), [("en", "Lottery draw"), ("es", "Sorteo")])
@pytest.mark.parametrize("query", ["", "?kind=draw"])
def test_the_audit_page_shows_the_drawn_lottery(drawn, admin_client, language, heading, query):
    response = admin_client(language).get(f"/audit/{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"#{drawn.pk}" in page
    assert heading in page
    # The drawn order is shown as the badges it holds, not dropped.
    badges = [str(badge) for badge in drawn.order]
    assert all(badge in page for badge in badges)


def test_the_draws_changes_are_named_in_spanish(drawn, admin_client):
    page = admin_client("es").get("/audit/?kind=draw").content.decode()
    assert "orden sorteado" in page
    assert "order drawn" not in page


@pytest.mark.parametrize(("language", "shown"), [("en", "payment"), ("es", "pago")])
def test_a_services_reason_reads_in_the_readers_language_whoever_wrote_it(
    center, admin_client, language, shown
):
    claim = factories.WageClaimFactory(center=center)
    writer = "es" if language == "en" else "en"
    with translation.override(writer):
        claims.claim_payment(claim=claim, amount=Decimal("10.00"))
    page = admin_client(language).get(f"/audit/?kind=claim&id={claim.pk}").content.decode()
    assert f"· {shown}</td>" in page
