"""The API's filter backend: filters that take an id choose among the caller's center's rows.

django-filter answers an id that does not exist with 400 "Select a valid choice" but an id of
another center with 200 and an empty list, which tells a caller that the id exists elsewhere.
Scoping the choices makes both the same 400. Every FilterSet (``filterset_class`` or
``filterset_fields``) goes through this backend (``DEFAULT_FILTER_BACKENDS``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend

from .scoping import current_center, scope


def belongs_to_a_center(model: type[Model]) -> bool:
    try:
        model._meta.get_field("center")
    except FieldDoesNotExist:
        return False
    return True


def scope_choices(filterset: Any, request: Any) -> None:
    """Limit every model-choice filter of ``filterset`` to the request's center."""
    center = current_center(request)
    for model_filter in filterset.filters.values():
        if isinstance(model_filter, ModelChoiceFilter | ModelMultipleChoiceFilter):
            queryset = model_filter.get_queryset(request)
            if belongs_to_a_center(queryset.model):
                model_filter.queryset = scope(queryset, center)


class CenterScopedFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            scope_choices(filterset, request)
        return filterset
