"""The admin names every section and model in the reader's language."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst

from tests import factories

PROJECT_APPS = ("centers", "workers", "sms", "employers", "dispatch", "wages", "reports")


def _project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and not model._meta.auto_created
    ]


def _spanish(text) -> str:
    with translation.override("es"):
        return str(text)


def _english(text) -> str:
    with translation.override("en"):
        return str(text)


@pytest.mark.parametrize("app_label", PROJECT_APPS)
def test_every_section_has_a_translated_name(app_label):
    name = apps.get_app_config(app_label).verbose_name
    assert isinstance(name, Promise), f"{app_label}: the name is not translatable"
    assert _spanish(name) != _english(name) or _english(name) == "SMS"


@pytest.mark.parametrize("model", _project_models(), ids=lambda m: m._meta.label)
def test_every_model_has_a_translated_name(model):
    for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
        assert isinstance(name, Promise), f"{model._meta.label}: {name!r} is not translatable"
        assert _spanish(name) != _english(name), f"{model._meta.label}: {name!r} has no Spanish"


@pytest.mark.django_db
def test_the_admin_index_reads_in_spanish(client):
    user = factories.UserFactory(is_superuser=True, is_staff=True, language="es")
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    for model in admin.site._registry:
        if model._meta.app_label in PROJECT_APPS:
            assert capfirst(_spanish(model._meta.verbose_name_plural)) in page
    for english in ("Centers", "Dispatch", "Workers", "Reports"):
        assert f">{english}<" not in page
