"""REST API of the worker registry: ``workers/`` and ``skills/``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from centers.fields import NumberSerializerField
from centers.scoping import CenterScopedAPIMixin

from . import selectors, services
from .cardcode import BADGE_MAX
from .models import EnglishLevel, Skill, Training, Worker


class SkillCodeField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown skill: {value}."),
        "invalid": _("Unknown skill: {value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Skill.objects.all(), **kwargs)


class TrainingCodeField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown training: {value}."),
        "invalid": _("Unknown training: {value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Training.objects.all(), **kwargs)


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["code", "name_en", "name_es", "name"]


#: The English levels by name, as the API reads and writes them (one enum in the schema).
ENGLISH_LEVEL_NAMES = [level.name.lower() for level in EnglishLevel]


@extend_schema_field({"type": "string", "enum": ENGLISH_LEVEL_NAMES})
class EnglishLevelField(serializers.ChoiceField):
    """An English level by name (``none``, ``basic``, ``conversational``, ``fluent``); stored
    as its ordered number."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ENGLISH_LEVEL_NAMES, **kwargs)

    def to_representation(self, value: Any) -> str:
        return EnglishLevel(value).name.lower()

    def to_internal_value(self, data: Any) -> int:
        return int(EnglishLevel[str(super().to_internal_value(data)).upper()])


@extend_schema_field({"type": "string", "example": "+19095550123"})
class PhoneField(serializers.CharField):
    """E.164 out; any reasonable US or international form in (the service normalizes it)."""

    def to_representation(self, value: Any) -> str:
        return str(value) if value else ""


class WorkerSerializer(serializers.ModelSerializer):
    phone = PhoneField(required=False, allow_blank=True, max_length=30)
    skills = SkillCodeField(many=True, required=False)
    sms_consent = serializers.BooleanField(required=False, help_text=_("Consent to SMS given"))
    sms_opted_out = serializers.SerializerMethodField()
    known_as = serializers.CharField(required=False, allow_blank=True, max_length=60)
    badge = NumberSerializerField(required=False, min_value=1, max_value=BADGE_MAX)
    english_level = EnglishLevelField(required=False)

    class Meta:
        model = Worker
        fields = [
            "id",
            "badge",
            "full_name",
            "known_as",
            "phone",
            "preferred_language",
            "other_languages",
            "skills",
            "english_level",
            "status",
            "sms_consent",
            "sms_consent_method",
            "sms_consent_language",
            "sms_consent_at",
            "sms_opted_out",
            "dues_paid_through",
            "suspended_until",
            "suspension_reason",
            "notes",
            "created_at",
            "contact_preference",
            "voice_language",
        ]
        read_only_fields = ["sms_consent_at", "dues_paid_through", "created_at"]

    def get_sms_opted_out(self, worker: Worker) -> bool:
        return worker.sms_opted_out_at is not None

    def to_representation(self, instance: Worker) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["sms_consent"] = instance.sms_consent_at is not None
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        if "skills" in data:
            data["skills"] = [skill.code for skill in data["skills"]]
        return data


class WorkerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label=_("Badge, name or phone (accents and case ignored)")
    )
    skill = django_filters.CharFilter(field_name="skills__code", label=_("Skill code"))

    class Meta:
        model = Worker
        fields = ["badge", "status", "preferred_language"]

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return selectors.worker_search(queryset, value)


class WorkerViewSet(CenterScopedAPIMixin, viewsets.ModelViewSet):
    """Workers of the caller's center. DELETE works only for a worker without history."""

    serializer_class = WorkerSerializer
    queryset = Worker.objects.prefetch_related("skills").order_by("badge")
    filterset_class = WorkerFilter

    def perform_create(self, serializer: WorkerSerializer) -> None:
        serializer.instance = services.worker_create(
            center=self.center, by=self.request.user, **serializer.service_kwargs()
        )

    def perform_update(self, serializer: WorkerSerializer) -> None:
        kwargs = serializer.service_kwargs()
        if "badge" in kwargs and kwargs.pop("badge") != serializer.instance.badge:
            raise serializers.ValidationError({"badge": [_("A badge number cannot change.")]})
        serializer.instance = services.worker_update(
            worker=serializer.instance, by=self.request.user, **kwargs
        )

    def perform_destroy(self, instance: Worker) -> None:
        services.worker_delete(worker=instance)


class SkillViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The shared skills catalog (codes are what workers and jobs use)."""

    serializer_class = SkillSerializer
    queryset = Skill.objects.all()
    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    pagination_class = None
