from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from sms import catalog, segments
from sms.catalog import Kind


@pytest.mark.parametrize("language", catalog.LANGUAGES)
@pytest.mark.parametrize("kind", [k for k, t in catalog.TEMPLATES.items() if t.one_segment])
def test_short_kinds_fit_one_gsm7_segment_with_worst_case_values(kind, language):
    body = catalog.render(kind, catalog.worst_case(kind), language)
    counted = segments.count(body)
    assert counted.encoding == segments.GSM7, body
    assert counted.segments == 1, body


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_every_kind_renders_in_both_languages_as_gsm7(language):
    for kind in catalog.TEMPLATES:
        body = catalog.render(kind, catalog.worst_case(kind), language)
        assert segments.encoding(body) == segments.GSM7
        assert "%(" not in body


def test_every_kind_of_the_design_is_in_the_catalog():
    design = {
        "offer", "offer_expired", "job_filled", "assignment_details", "reminder",
        "claim_update", "help", "opted_out", "opted_in", "queue_position",
        "lottery_number", "payment_check",
    }  # fmt: skip
    assert design <= set(catalog.TEMPLATES)


def test_an_offer_reads_in_spanish_with_dates_times_and_money_formatted():
    context = {
        "what": "Jardinería",
        "day": date(2026, 11, 28),
        "start": time(7, 0),
        "wage": Decimal("22.50"),
        "hours": Decimal("6"),
        "place": "Claremont",
        "minutes": 10,
    }
    body = catalog.render(Kind.OFFER, context, "es")
    assert body.startswith("Trabajo: Jardineria, sab 28/11 7am, 6h, $22.50/h, Claremont.")
    assert "1 o SI" in body
    assert "2 o NO" in body
    english = catalog.render(Kind.OFFER, context, "en")
    assert english.startswith("Job: Jardineria, Sat 11/28 7am, 6h, $22.50/h, in Claremont.")


def test_long_values_are_cut_to_their_limit():
    context = catalog.worst_case(Kind.OFFER) | {"what": "x" * 80, "place": "€" * 30}
    body = catalog.render(Kind.OFFER, context, "en")
    assert "x" * 24 + "," in body
    assert "x" * 25 not in body
    assert "€" * 12 + "." in body
    assert "€" * 13 not in body
    assert segments.count(body).segments == 1


def test_characters_without_a_gsm_stand_in_are_dropped_from_values():
    context = catalog.worst_case(Kind.JOB_FILLED) | {"what": "Pintura 🎨 casa"}
    assert "Pintura casa" in catalog.render(Kind.JOB_FILLED, context, "en")


def test_a_missing_context_key_is_an_error():
    with pytest.raises(KeyError, match="what"):
        catalog.render(Kind.OFFER, {}, "es")


def test_the_unknown_reply_answer_is_bilingual():
    body = catalog.render(Kind.UNKNOWN_REPLY, {}, "en")
    assert "Responde 1" in body
    assert "Reply 1" in body
