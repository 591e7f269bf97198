"""Money as people read it: "$66,400.00" in both languages (see docs/decisions.md).

The one place that formats an amount for a person: pages, letters, messages and the
printable report all go through ``money_text`` (templates through the ``money`` filter).
Machine CSV columns keep plain decimals ("66400.00") so spreadsheets read them as numbers.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format


def money_text(value: Any) -> str:
    """``Decimal("66400")`` → ``"$66,400.00"``; negative amounts as ``"-$5.00"``; an empty
    value as an empty string. Separators come from the active language's formats."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    digits = number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
    return f"{sign}${digits}"
