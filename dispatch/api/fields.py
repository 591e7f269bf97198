"""Serializer fields that only see the caller's center."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from centers.scoping import scope


class CenterPKField(serializers.PrimaryKeyRelatedField):
    """A primary key that must belong to the view's center (another center's id = invalid)."""

    def get_queryset(self) -> Any:
        return scope(super().get_queryset(), self.context["view"].center)
