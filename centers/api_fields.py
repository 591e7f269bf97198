"""Serializer fields that only see the caller's center."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from centers.scoping import scope


class CenterPKField(serializers.PrimaryKeyRelatedField):
    """A primary key that must belong to the view's center (another center's id = invalid)."""

    def get_queryset(self) -> Any:
        return scope(super().get_queryset(), self.context["view"].center)


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "description": "a badge number, or a card's 11-digit code as scanned",
    }
)
class BadgeField(serializers.Field):
    """A badge as a scanner or a person types it: a number or a card's code (a string or a
    JSON number). Read back as the badge number; the service reads what was typed
    (``workers.selectors.badge_read``)."""

    default_error_messages = {"invalid": "Give a badge number or a card's code."}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        return str(data).strip()

    def to_representation(self, value: Any) -> int:
        return int(value)
