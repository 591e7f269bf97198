from __future__ import annotations

import logging

import pytest

from centers.logmask import MaskPersonalDataFilter, mask_phone, mask_text


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+19095550142", "+1909•••0142"),
        ("9095550142", "9095•••0142"),
        ("%2B19095550142", "+1909•••0142"),
        ("", "•••"),
        ("12345", "•••"),
    ],
)
def test_a_phone_number_keeps_only_its_start_and_end(number, masked):
    assert mask_phone(number) == masked


@pytest.mark.parametrize(
    "text",
    [
        "to +19095550142 now",
        "call (909) 555-0142",
        "call 909-555-0142.",
        "To=%2B19095550142&From=%2B19095550100",
        "Key (center_id, phone)=(1, +19095550142) already exists.",
    ],
)
def test_phone_numbers_in_any_format_are_masked(text):
    assert "555-0142" not in mask_text(text)
    assert "5550142" not in mask_text(text)


def test_bodies_are_masked_in_form_and_json_text():
    assert mask_text("To=x&Body=Hola+mi+amigo&From=y") == "To=x&Body=•••&From=y"
    assert mask_text('{"body": "Trabajo: pintura", "sid": "SM1"}') == '{"body": •••, "sid": "SM1"}'


def test_dates_times_and_sids_are_left_alone():
    text = "sms #12 at 2026-11-23 16:41:28 sid SM0000000000000000000000000000001a"
    assert mask_text(text) == text


def test_the_filter_masks_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "to %s", ("+19095550142",), None)
    try:
        raise ValueError("bad number +19095550142")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == "to +1909•••0142"
    assert "+19095550142" not in record.exc_text
    assert "+1909•••0142" in record.exc_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ('"GET /workers/?q=909-555-0164 HTTP/1.1" 200', '"GET /workers/?q=••• HTTP/1.1" 200'),
        (
            "GET /api/v1/signins/?search=%2B19095550164&page=2",
            "GET /api/v1/signins/?search=•••&page=•••",
        ),
        ("/workers/?q=Nicol%C3%A1s%20G%C3%B3mez", "/workers/?q=•••"),
        ("<WSGIRequest: GET '/workers/?q=Ana'>", "<WSGIRequest: GET '/workers/?q=•••'>"),
    ],
)
def test_every_query_value_in_a_url_is_masked_and_its_key_kept(text, masked):
    assert mask_text(text) == masked


def test_a_question_in_plain_text_is_left_alone():
    assert mask_text("retry? yes, in 3 s") == "retry? yes, in 3 s"
