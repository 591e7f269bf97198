"""``{{ amount|money }}`` → "$66,400.00". Loaded for every template (settings ``builtins``)."""

from __future__ import annotations

from typing import Any

from django import template

from centers.money import money_text

register = template.Library()


@register.filter(name="money")
def money(value: Any) -> str:
    return money_text(value)
