"""Keep phone numbers, names and message bodies out of logs and error reports.

Plain Python (no Django import): gunicorn's master process loads it too.

Every handler in ``settings.LOGGING`` carries ``MaskPersonalDataFilter``: it rewrites the
message and the formatted traceback of each record, masking phone numbers
(``+1909•••0142``), whatever follows a ``Body`` field and every value of a URL's query string
(``/workers/?q=•••``: a search holds a name or a phone). Any handler added later (an error
tracker, a file) must carry the filter too. gunicorn's access and error logs use the same
masking (``config/gunicorn.py``), and error reports (``centers.error_reports``) hide
query and form values. The sms app also masks what it logs itself and never logs a body.
"""

from __future__ import annotations

import logging
import re

PHONE_RE = re.compile(
    r"(?:\+|%2[bB])\d{7,15}\b"  # E.164, also URL-encoded
    r"|\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b"  # (909) 555-0142, 909-555-0142
    r"|\b1?\d{10}\b"  # 9095550142, 19095550142
)
BODY_RE = re.compile(
    r"""(?P<key>["']?\bbody["']?\s*[:=]\s*)(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^&\s,}]*)""",
    re.IGNORECASE,
)
#: A URL's query string inside a line of text: from ``?`` to the next space or quote.
QUERY_RE = re.compile(r"""\?[^\s"'<>]*""")
QUERY_VALUE_RE = re.compile(r"(?P<key>[?&;][^=&;?#]*=)[^&;#]*")
MASK = "•••"


def mask_phone(number: object) -> str:
    """``+19095550142`` → ``+1909•••0142``; too short to be a phone: ``•••``."""
    text = str(number or "")
    digits = re.sub(r"\D", "", text)
    if text.lower().startswith("%2b"):
        digits = digits[1:]
    if len(digits) < 8:
        return MASK
    plus = "+" if text.startswith(("+", "%2B", "%2b")) else ""
    return f"{plus}{digits[:4]}{MASK}{digits[-4:]}"


def mask_query(query: str) -> str:
    """``?q=Nicol%C3%A1s&page=2`` → ``?q=•••&page=•••``; the keys stay, the values go."""
    return QUERY_VALUE_RE.sub(lambda m: m.group("key") + MASK, query)


def mask_text(text: str) -> str:
    masked = QUERY_RE.sub(lambda m: mask_query(m.group(0)), text)
    masked = BODY_RE.sub(lambda m: m.group("key") + MASK, masked)
    return PHONE_RE.sub(lambda m: mask_phone(m.group(0)), masked)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
