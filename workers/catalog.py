"""The trainings catalog the network recognizes: data, kept present after every migrate."""

from __future__ import annotations

from typing import Any

#: code, English name, Spanish name (short: a text names them), months valid (None: never)
TRAININGS = [
    ("orientation", "Orientation", "Orientación", None),
    ("osha10", "OSHA-10", "OSHA-10", 60),
    ("osha30", "OSHA-30", "OSHA-30", 60),
    ("first_aid", "First aid and CPR", "Primeros auxilios y RCP", 24),
    ("lead_safe", "Lead-safe work practices", "Trabajo seguro con plomo", 60),
]


def trainings_ensure(apps: Any = None, **_kwargs: Any) -> None:
    """Write the catalog's trainings that are missing (a center's edits of the ones there
    stay). Run after every migrate (with the migrated state's ``apps``) and after a flush
    (with none: the installed models)."""
    if apps is None:
        from django.apps import apps
    try:
        Training = apps.get_model("workers", "Training")
    except LookupError:  # migrating backwards past the catalog
        return
    for order, (code, name_en, name_es, months) in enumerate(TRAININGS, start=1):
        Training.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_es": name_es,
                "valid_months": months,
                "sort_order": order * 10,
            },
        )
