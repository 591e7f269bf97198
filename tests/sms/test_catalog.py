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
        "lottery_number", "payment_check", "offer_declined", "already_assigned",
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


REALISTIC_JOBS = [
    # (skills es, skills en, employer's words, place, start, hours, wage)
    (
        "Jardinería",
        "Gardening",
        "Pull weeds and trim hedges",
        "Claremont",
        time(7, 0),
        "6",
        "22.50",
    ),
    (
        "Mudanzas, Limpieza",
        "Moving, Cleaning",
        "Help us move a 3 bedroom house into storage, heavy furniture, bring gloves",
        "Rancho Cucamonga",
        time(12, 30),
        "10.5",
        "125.50",
    ),
    ("Tablaroca", "Drywall", "Patch and sand 2 rooms", "La Verne", time(9, 0), "4", "28"),
]


@pytest.mark.parametrize("language", catalog.LANGUAGES)
@pytest.mark.parametrize("job", REALISTIC_JOBS, ids=lambda job: job[1])
def test_a_realistic_offer_fits_one_segment_with_the_employers_words_quoted_or_cut(job, language):
    es, en, words, place, start, hours, wage = job
    context = {
        "what": catalog.Translated(es=es, en=en),
        "day": date(2026, 12, 30),
        "start": start,
        "hours": Decimal(hours),
        "wage": Decimal(wage),
        "place": place,
        "minutes": 10,
        "note": catalog.Quoted(words),
    }
    body = catalog.render(Kind.OFFER, context, language)
    counted = segments.count(body)
    assert (counted.encoding, counted.segments) == (segments.GSM7, 1), body
    # The job's facts are always there, in the reader's language.
    assert segments.gsm_fold(es if language == "es" else en) in body
    assert place in body
    quoted = body.split('"')[1] if '"' in body else ""
    # The employer's words are quoted whole, or cut after a word and marked, or left out.
    assert quoted in ("", words) or (
        quoted.endswith("...") and words.startswith(quoted[:-3]) and quoted[-4] != " "
    )


def test_the_employers_words_are_the_first_thing_dropped_when_an_offer_is_full():
    context = catalog.worst_case(Kind.OFFER)
    body = catalog.render(Kind.OFFER, context, "en")
    assert '"' not in body  # no room left: the facts stay, the quote goes
    assert "Gardening, Landscaping" in body
    roomy = context | {"place": "Pomona", "start": time(7, 0), "minutes": 10}
    cut = catalog.render(Kind.OFFER, roomy, "en")
    assert '"Bring gloves and water' in cut
    assert '..." Reply 1' in cut
    assert segments.count(cut).segments == 1


def test_a_skill_is_named_in_the_readers_language():
    context = catalog.worst_case(Kind.JOB_FILLED)
    assert "Jardineria, Paisajismo" in catalog.render(Kind.JOB_FILLED, context, "es")
    assert "Gardening, Landscaping" in catalog.render(Kind.JOB_FILLED, context, "en")


def test_offers_and_answers_are_urgent_and_lottery_reminders_and_checks_informational():
    urgent = {
        Kind.OFFER, Kind.ASSIGNMENT_DETAILS, Kind.JOB_FILLED, Kind.JOB_CANCELLED, Kind.HELP,
        Kind.OPTED_OUT, Kind.OPTED_IN, Kind.QUEUE_POSITION, Kind.UNKNOWN_REPLY,
        Kind.OFFER_DECLINED, Kind.ALREADY_ASSIGNED, Kind.EMPLOYER_CODE, Kind.JOIN_CONFIRMED,
        Kind.JOIN_CLOSED, Kind.JOIN_NOT_OFFERED, Kind.JOIN_FULL, Kind.JOIN_REFUSED, Kind.JOIN_UNKNOWN,
        Kind.OFFER_DAYS, Kind.JOB_DAY_CANCELLED,
    }  # fmt: skip
    informational = {
        Kind.LOTTERY_NUMBER, Kind.REMINDER, Kind.PAYMENT_CHECK, Kind.CLAIM_UPDATE,
        Kind.OFFER_EXPIRED, Kind.DUES_REMINDER, Kind.WORKERS_COMING, Kind.EMPLOYER_JOB_CANCELLED,
        Kind.WORKER_CANCELLED, Kind.PAYMENT_CHECK_DAYS, Kind.CERTIFICATE_EXPIRING,
    }  # fmt: skip
    assert urgent | informational == set(catalog.TEMPLATES)
    for kind in urgent:
        assert catalog.priority_of(kind) == catalog.Priority.URGENT, kind
    for kind in informational:
        assert catalog.priority_of(kind) == catalog.Priority.INFORMATIONAL, kind


@pytest.mark.parametrize(
    ("kind", "language", "expected"),
    [
        (Kind.OFFER_DECLINED, "es", "Listo, no tomas el trabajo Jardineria, Paisajismo."),
        (Kind.OFFER_DECLINED, "en", "OK, you passed on the job Gardening, Landscaping."),
        (Kind.ALREADY_ASSIGNED, "es", "Ya tienes el trabajo Jardineria, Paisajismo el mié 30/12"),
        (Kind.ALREADY_ASSIGNED, "en", "You already have the job Gardening, Landscaping on Wed"),
    ],
)
def test_the_answers_to_no_and_to_a_second_yes_read_naturally(kind, language, expected):
    body = catalog.render(kind, catalog.worst_case(kind), language)
    assert body.startswith(expected)
    assert segments.count(body).segments == 1
