"""The skills and trainings catalogs the network shares: data, kept present after every
migrate and flush."""

from __future__ import annotations

from typing import Any

#: code, English name, Spanish name (English is a level, not a skill: ``EnglishLevel``)
SKILLS = [
    ("gardening", "Gardening", "Jardinería"),
    ("landscaping", "Landscaping", "Paisajismo"),
    ("painting", "Painting", "Pintura"),
    ("moving", "Moving", "Mudanzas"),
    ("construction", "Construction", "Construcción"),
    ("demolition", "Demolition", "Demolición"),
    ("concrete", "Concrete", "Concreto"),
    ("roofing", "Roofing", "Techos"),
    ("cleaning", "Cleaning", "Limpieza"),
    ("drywall", "Drywall", "Tablaroca"),
    ("plumbing", "Plumbing", "Plomería"),
    ("electrical", "Electrical", "Electricidad"),
    ("carpentry", "Carpentry", "Carpintería"),
    ("tile", "Tile", "Azulejo"),
    ("fencing", "Fencing", "Cercas"),
    ("drivers_license", "Driver's license", "Licencia de manejo"),
]
#: code, English name, Spanish name (short: a text names them), months valid (None: never)
TRAININGS = [
    ("orientation", "Orientation", "Orientación", None),
    ("osha10", "OSHA-10", "OSHA-10", 60),
    ("osha30", "OSHA-30", "OSHA-30", 60),
    ("first_aid", "First aid and CPR", "Primeros auxilios y RCP", 24),
    ("lead_safe", "Lead-safe work practices", "Trabajo seguro con plomo", 60),
]


def trainings_ensure(apps: Any = None, **_kwargs: Any) -> None:
    """Write the skills when there are none, and the catalog's trainings that are missing (a center's edits of the ones there
    stay). Run after every migrate (with the migrated state's ``apps``) and after a flush
    (with none: the installed models)."""
    if apps is None:
        from django.apps import apps
    try:
        Skill = apps.get_model("workers", "Skill")
        Training = apps.get_model("workers", "Training")
    except LookupError:  # migrating backwards past the catalog
        return
    if not Skill.objects.exists():  # a flushed database: the skills as migrated
        for order, (code, name_en, name_es) in enumerate(SKILLS, start=1):
            Skill.objects.create(code=code, name_en=name_en, name_es=name_es, sort_order=order * 10)
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
