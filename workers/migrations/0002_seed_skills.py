"""The shared skills catalog, named in Spanish and English."""

from django.db import migrations

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
    ("english", "English speaker", "Habla inglés"),
    ("drivers_license", "Driver's license", "Licencia de manejo"),
]


def seed(apps, schema_editor):
    Skill = apps.get_model("workers", "Skill")
    for order, (code, name_en, name_es) in enumerate(SKILLS, start=1):
        Skill.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_es": name_es, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("workers", "Skill").objects.filter(code__in=[s[0] for s in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workers", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
