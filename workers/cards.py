"""ID card codes: a Code 128 barcode (read by any USB scanner) and a QR code, both holding
the card's network-wide code (``workers.cardcode``: center, badge, check digit), so a scan
types that code into the focused field and the desk knows whose card it is."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import segno
from barcode import Code128
from barcode.writer import SVGWriter
from django.utils.safestring import SafeString, mark_safe

from .cardcode import card_code

if TYPE_CHECKING:
    from .models import Worker

FILL_STYLE_RE = re.compile(r'style="fill:\s*([#\w]+);?"')


def _strip_xml_header(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def worker_card_code(worker: Worker) -> str:
    """The code on ``worker``'s card: the center's number is its id in the network."""
    return card_code(worker.center_id, worker.badge)


def _fill_attributes(svg: str) -> str:
    """``style="fill:black;"`` → ``fill="black"``: the Content-Security-Policy allows no
    inline style attributes, and a presentation attribute draws the same."""
    return FILL_STYLE_RE.sub(r'fill="\1"', svg)


def badge_barcode_svg(code: str) -> SafeString:
    out = io.BytesIO()
    Code128(code, writer=SVGWriter()).write(
        out,
        options={
            "module_width": 0.4,
            "module_height": 10.0,
            "quiet_zone": 4.0,
            "write_text": False,
            "background": "white",
            "foreground": "black",
        },
    )
    svg = _fill_attributes(_strip_xml_header(out.getvalue().decode()))
    return mark_safe(svg)  # noqa: S308 - generated SVG


def badge_qr_svg(code: str) -> SafeString:
    qr = segno.make_qr(code, error="m")
    return mark_safe(qr.svg_inline(scale=3, border=2))  # noqa: S308 - generated SVG
