"""The card's barcode reads back as the card's network-wide code: decode the SVG like a
scanner would; the code names the worker's center and badge."""

from __future__ import annotations

import re

import pytest

from tests import factories
from workers import cardcode
from workers.cards import badge_barcode_svg, badge_qr_svg, worker_card_code

# Code 128 symbol patterns (values 0–106), 11 modules each; the stop symbol has 13.
PATTERNS = [
    "11011001100", "11001101100", "11001100110", "10010011000", "10010001100", "10001001100",
    "10011001000", "10011000100", "10001100100", "11001001000", "11001000100", "11000100100",
    "10110011100", "10011011100", "10011001110", "10111001100", "10011101100", "10011100110",
    "11001110010", "11001011100", "11001001110", "11011100100", "11001110100", "11101101110",
    "11101001100", "11100101100", "11100100110", "11101100100", "11100110100", "11100110010",
    "11011011000", "11011000110", "11000110110", "10100011000", "10001011000", "10001000110",
    "10110001000", "10001101000", "10001100010", "11010001000", "11000101000", "11000100010",
    "10110111000", "10110001110", "10001101110", "10111011000", "10111000110", "10001110110",
    "11101110110", "11010001110", "11000101110", "11011101000", "11011100010", "11011101110",
    "11101011000", "11101000110", "11100010110", "11101101000", "11101100010", "11100011010",
    "11101111010", "11001000010", "11110001010", "10100110000", "10100001100", "10010110000",
    "10010000110", "10000101100", "10000100110", "10110010000", "10110000100", "10011010000",
    "10011000010", "10000110100", "10000110010", "11000010010", "11001010000", "11110111010",
    "11000010100", "10001111010", "10100111100", "10010111100", "10010011110", "10111100100",
    "10011110100", "10011110010", "11110100100", "11110010100", "11110010010", "11011011110",
    "11011110110", "11110110110", "10101111000", "10100011110", "10001011110", "10111101000",
    "10111100010", "11110101000", "11110100010", "10111011110", "10111101110", "11101011110",
    "11110101110", "11010000100", "11010010000", "11010011100",
]  # fmt: skip
STOP = "1100011101011"
MODULE_MM = 0.4


def svg_modules(svg: str) -> str:
    bars = [
        (float(x), float(w))
        for x, w in re.findall(r'<rect x="([\d.]+)mm" y="[\d.]+mm" width="([\d.]+)mm"', svg)
    ]
    start = bars[0][0]
    end = bars[-1][0] + bars[-1][1]
    modules = ["0"] * round((end - start) / MODULE_MM)
    for x, width in bars:
        first = round((x - start) / MODULE_MM)
        for i in range(round(width / MODULE_MM)):
            modules[first + i] = "1"
    return "".join(modules)


def decode_code128(modules: str) -> str:
    assert modules.endswith(STOP)
    body = modules[: -len(STOP)]
    values = [PATTERNS.index(body[i : i + 11]) for i in range(0, len(body), 11)]
    start, *data, check = values
    assert check == (start + sum(i * v for i, v in enumerate(data, start=1))) % 103
    code = {103: "A", 104: "B", 105: "C"}[start]
    text = ""
    for value in data:
        if (code == "C" and value == 100) or (code == "A" and value == 100):
            code = "B"
        elif code in "AB" and value == 99:
            code = "C"
        elif code == "C":
            text += f"{value:02d}"
        else:
            text += chr(value + 32)
    return text


@pytest.mark.parametrize(
    ("center_number", "badge"), [(1, 1), (1, 7), (2, 42), (3, 123), (12, 98765)]
)
def test_the_barcode_scans_back_as_the_cards_code(center_number, badge):
    code = cardcode.card_code(center_number, badge)
    scanned = decode_code128(svg_modules(badge_barcode_svg(code)))
    assert scanned == code
    assert cardcode.parse(scanned) == cardcode.Scanned(badge=badge, center_number=center_number)


def test_the_qr_code_is_a_full_qr_not_a_micro_qr():
    svg = badge_qr_svg(cardcode.card_code(1, 7))
    # A version-1 QR is 21 modules plus a 2-module border, drawn at scale 3.
    assert 'width="75"' in svg


@pytest.mark.django_db
def test_a_printed_card_holds_its_centers_code_and_shows_the_short_badge(
    desk_client, center, other_center
):
    factories.WorkerFactory(center=other_center, badge=15)
    worker = factories.WorkerFactory(center=center, badge=15, known_as="Chuy")
    page = desk_client.get(f"/workers/{worker.pk}/card/").content.decode()
    code = worker_card_code(worker)
    assert cardcode.parse(code) == cardcode.Scanned(badge=15, center_number=center.pk)
    assert f'data-code="{code}"' in page
    assert '<span class="badge-digits">15</span>' in page
    barcode = page[page.index('<div class="id-card-barcode">') :]
    assert decode_code128(svg_modules(barcode[: barcode.index("</svg>")])) == code


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_card_sheet_takes_a_scanned_card_as_its_range_and_refuses_another_centers(
    desk_client, center, other_center, language
):
    factories.WorkerFactory(center=center, badge=15)
    theirs = factories.WorkerFactory(center=other_center, badge=15)
    mine = factories.WorkerFactory(center=center, badge=16)
    code = worker_card_code(mine)
    page = desk_client.get(
        f"/workers/cards/?from={code}&to={code}", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert page.count('class="id-card"') == 1
    assert f'data-code="{code}"' in page
    refused = desk_client.get(
        f"/workers/cards/?from={worker_card_code(theirs)}", HTTP_ACCEPT_LANGUAGE=language
    )
    assert refused.status_code == 400
    expected = {"en": "This card belongs to Graton.", "es": "Esta tarjeta es de Graton."}
    assert expected[language] in refused.content.decode()
