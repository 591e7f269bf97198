"""The English level: an ordered scale that replaced the yes/no "English speaker" skill."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tests import factories
from workers.errors import RegistryError
from workers.models import EnglishLevel, Skill, Worker
from workers.services import worker_update

pytestmark = pytest.mark.django_db


def _migration(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


def test_the_levels_are_ordered_from_none_to_fluent():
    assert EnglishLevel.NONE < EnglishLevel.BASIC < EnglishLevel.CONVERSATIONAL
    assert EnglishLevel.CONVERSATIONAL < EnglishLevel.FLUENT


def test_the_english_skill_is_gone_from_the_catalog():
    assert not Skill.objects.filter(code="english").exists()


def test_speakers_of_the_old_skill_become_conversational_and_jobs_ask_for_it(center):
    english = Skill.objects.create(
        code="english", name_en="English speaker", name_es="Habla inglés"
    )
    painting = Skill.objects.get(code="painting")
    speaker = factories.WorkerFactory(center=center, skills=[english, painting])
    other = factories.WorkerFactory(center=center, skills=[painting])
    job = factories.JobFactory(center=center, skills=[english, painting])
    _migration("workers", "0007_trainings_and_english_levels").forwards(apps, None)
    _migration("employers", "0006_english_skill_becomes_level").forwards(apps, None)
    speaker.refresh_from_db()
    other.refresh_from_db()
    job.refresh_from_db()
    assert speaker.english_level == EnglishLevel.CONVERSATIONAL
    assert other.english_level == EnglishLevel.NONE
    assert job.min_english_level == EnglishLevel.CONVERSATIONAL
    assert list(speaker.skills.values_list("code", flat=True)) == ["painting"]
    assert list(job.skills.values_list("code", flat=True)) == ["painting"]
    assert not Skill.objects.filter(code="english").exists()


def test_the_level_is_edited_and_a_level_off_the_scale_is_refused(center):
    worker = factories.WorkerFactory(center=center)
    worker_update(worker=worker, by=None, english_level=EnglishLevel.FLUENT)
    assert Worker.objects.get(pk=worker.pk).english_level == EnglishLevel.FLUENT
    with pytest.raises(RegistryError) as error:
        worker_update(worker=worker, by=None, english_level=7)
    assert error.value.field == "english_level"


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Conversational"), ("es", "Conversacional")]
)
def test_the_worker_form_and_page_show_the_level(desk_client, coordinator, center, language, label):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    worker = factories.WorkerFactory(center=center, english_level=EnglishLevel.CONVERSATIONAL)
    form = desk_client.get(f"/workers/{worker.pk}/edit/").content.decode()
    assert 'name="english_level"' in form
    assert f'value="2" selected>{label}' in form
    assert label in desk_client.get(f"/workers/{worker.pk}/").content.decode()


def test_the_api_speaks_levels_by_name(api, center):
    worker = factories.WorkerFactory(center=center, english_level=EnglishLevel.BASIC)
    url = f"/api/v1/workers/{worker.pk}/"
    assert api.get(url).json()["english_level"] == "basic"
    assert api.patch(url, {"english_level": "fluent"}, format="json").status_code == 200
    assert Worker.objects.get(pk=worker.pk).english_level == EnglishLevel.FLUENT
    bad = api.patch(url, {"english_level": "native"}, format="json")
    assert bad.status_code == 400
    assert "english_level" in bad.json()["errors"]
