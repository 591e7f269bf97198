"""Keep phone numbers out of logs: every log record passes through this filter."""

from __future__ import annotations

import logging
import re

PHONE_RE = re.compile(r"\+?\d[\d\-\s().]{8,}\d")


def mask_phone(number: object) -> str:
    digits = re.sub(r"\D", "", str(number or ""))
    if len(digits) < 8:
        return "•••"
    return f"+{digits[:4]}•••{digits[-4:]}"


def mask_text(text: str) -> str:
    return PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
