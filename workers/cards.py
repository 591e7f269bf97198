"""ID card codes: a Code 128 barcode (read by any USB scanner) and a QR code, both holding
the badge digits only, so a scan types the badge number into the focused field."""

from __future__ import annotations

import io
import re

import segno
from barcode import Code128
from barcode.writer import SVGWriter
from django.utils.safestring import SafeString, mark_safe

FILL_STYLE_RE = re.compile(r'style="fill:\s*([#\w]+);?"')


def _strip_xml_header(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _fill_attributes(svg: str) -> str:
    """``style="fill:black;"`` → ``fill="black"``: the Content-Security-Policy allows no
    inline style attributes, and a presentation attribute draws the same."""
    return FILL_STYLE_RE.sub(r'fill="\1"', svg)


def badge_barcode_svg(badge: int) -> SafeString:
    out = io.BytesIO()
    Code128(str(badge), writer=SVGWriter()).write(
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


def badge_qr_svg(badge: int) -> SafeString:
    qr = segno.make_qr(str(badge), error="m")
    return mark_safe(qr.svg_inline(scale=3, border=2))  # noqa: S308 - generated SVG
