"""Money reads the same on every page and in both languages: "$66,400.00"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from centers.money import money_text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("66400"), "$66,400.00"),
        (Decimal("1250.5"), "$1,250.50"),
        (Decimal("19"), "$19.00"),
        (Decimal("-5"), "-$5.00"),
        (None, ""),
    ],
)
def test_amounts_have_thousands_separators_and_cents(language, amount, shown):
    with translation.override(language):
        assert money_text(amount) == shown


@pytest.mark.parametrize("language", ["en", "es"])
def test_report_values_use_the_money_format(language):
    with translation.override(language):
        html = render_to_string(
            "reports/_value.html", {"value": Decimal("66400.00"), "kind": "money"}
        )
    assert html.strip() == "$66,400.00"
