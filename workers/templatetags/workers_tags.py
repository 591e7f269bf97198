"""``{{ worker|desk_name }}``: the one way the desk names a worker (see ``workers.names``)."""

from __future__ import annotations

from typing import Any

from django import template

from workers.names import desk_name as _desk_name

register = template.Library()


@register.filter
def desk_name(worker: Any) -> str:
    """Anything with ``known_as``, ``full_name`` and ``badge``: a Worker or a desk row."""
    if worker is None:
        return ""
    return _desk_name(
        known_as=worker.known_as, full_name=getattr(worker, "full_name", ""), badge=worker.badge
    )
