"""Form and serializer fields built on the one input rule (``centers.inputs``): a number is
ASCII digits within the database's bounds. (Text needs no field of its own: control
characters are refused for every parameter by ``BadInputMiddleware`` and for every JSON
string by ``centers.parsers.JSONParser``.)"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

from .inputs import INT_MAX, BadInput, parse_int


class NumberField(forms.IntegerField):
    """A whole number typed in ASCII digits, at most ``INT_MAX`` unless told otherwise."""

    def __init__(self, *, max_value: int | None = INT_MAX, **kwargs: Any) -> None:
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_int(value, min_value=-INT_MAX - 1, max_value=INT_MAX)
        except BadInput as exc:
            raise ValidationError(str(exc.message), code="invalid") from None


class NumberSerializerField(serializers.IntegerField):
    """The API's whole number: ASCII digits (or a JSON integer) within the database's bounds."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            try:
                data = parse_int(data, min_value=-INT_MAX - 1, max_value=INT_MAX)
            except BadInput:
                self.fail("invalid")
        return super().to_internal_value(data)
