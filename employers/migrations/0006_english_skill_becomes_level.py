"""Jobs that asked for the "English speaker" skill ask for conversational English; the
skill leaves the catalog (workers kept it as a level: workers 0004)."""

from django.db import migrations

CONVERSATIONAL = 2


def forwards(apps, schema_editor):
    Job = apps.get_model("employers", "Job")
    Skill = apps.get_model("workers", "Skill")
    Job.objects.filter(skills__code="english").update(min_english_level=CONVERSATIONAL)
    Skill.objects.filter(code="english").delete()


def backwards(apps, schema_editor):
    Skill = apps.get_model("workers", "Skill")
    Job = apps.get_model("employers", "Job")
    Worker = apps.get_model("workers", "Worker")
    english, _created = Skill.objects.get_or_create(
        code="english",
        defaults={"name_en": "English speaker", "name_es": "Habla inglés", "sort_order": 160},
    )
    for job in Job.objects.filter(min_english_level__gte=CONVERSATIONAL):
        job.skills.add(english)
    for worker in Worker.objects.filter(english_level__gte=CONVERSATIONAL):
        worker.skills.add(english)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0005_job_certificates_english_level"),
        ("workers", "0007_trainings_and_english_levels"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
