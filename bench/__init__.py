"""Benchmarks: ``python -m bench`` (see bench/__main__.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None  # None: no target, just a figure
