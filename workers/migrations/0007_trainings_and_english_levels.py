"""The trainings catalog, and the yes/no "English speaker" skill becomes a level."""

from django.db import migrations

from workers.catalog import TRAININGS

CONVERSATIONAL = 2


def forwards(apps, schema_editor):
    Training = apps.get_model("workers", "Training")
    for order, (code, name_en, name_es, months) in enumerate(TRAININGS, start=1):
        Training.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_es": name_es,
                "valid_months": months,
                "sort_order": order * 10,
            },
        )
    Worker = apps.get_model("workers", "Worker")
    Worker.objects.filter(skills__code="english").update(english_level=CONVERSATIONAL)


def backwards(apps, schema_editor):
    Skill = apps.get_model("workers", "Skill")
    Worker = apps.get_model("workers", "Worker")
    english = Skill.objects.filter(code="english").first()
    if english is not None:
        for worker in Worker.objects.filter(english_level__gte=CONVERSATIONAL):
            worker.skills.add(english)


class Migration(migrations.Migration):
    dependencies = [("workers", "0006_activities_certificates_english_level")]

    operations = [migrations.RunPython(forwards, backwards)]
