"""REST API for ``employers/`` and ``jobs/``.

Jobs are open to the center's desk and to an employer's portal login; an employer sees,
posts and cancels only its own jobs. DELETE on a job cancels it (the record stays).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from centers.api_fields import BadgeField
from centers.scoping import CenterScopedAPIMixin, HasCenterRole, current_center
from employers import selectors, services
from employers.models import Employer, Job, JobDay
from workers.api import EnglishLevelField, PhoneField, SkillCodeField, TrainingCodeField


class EmployerSerializer(serializers.ModelSerializer):
    phone = PhoneField(required=False, allow_blank=True, max_length=30)
    open_claims = serializers.IntegerField(read_only=True, help_text=_("Open wage claims"))

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "business_name",
            "kind",
            "phone",
            "email",
            "address",
            "city",
            "state",
            "postal_code",
            "notes",
            "blocked",
            "blocked_reason",
            "preferred_language",
            "open_claims",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class EmployerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label=_("Name, business, phone or email (accents ignored)")
    )

    class Meta:
        model = Employer
        fields = ["kind", "blocked"]

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return selectors.text_search(queryset, value)


class EmployerViewSet(CenterScopedAPIMixin, viewsets.ModelViewSet):
    """Employers of the caller's center. DELETE works only for an employer without jobs."""

    serializer_class = EmployerSerializer
    queryset = selectors.employers_with_open_claims(Employer.objects.all()).order_by("name")
    filterset_class = EmployerFilter

    def perform_create(self, serializer: EmployerSerializer) -> None:
        employer = services.employer_create(
            center=self.center, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=employer.pk)

    def perform_update(self, serializer: EmployerSerializer) -> None:
        employer = services.employer_update(
            employer=serializer.instance, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=employer.pk)

    def perform_destroy(self, instance: Employer) -> None:
        services.employer_delete(employer=instance)


class BadgeListField(serializers.ListField):
    """Requested workers, by badge number."""

    child = BadgeField()

    def get_attribute(self, instance: Job) -> list[int]:
        return [worker.badge for worker in instance.requested_workers.all()]


class JobDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = JobDay
        fields = ["date", "status"]
        read_only_fields = fields


class JobDayActionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class JobSerializer(serializers.ModelSerializer):
    #: The length is checked by the service (``dispatch.rules``), with the same message as
    #: on the pages.
    description = serializers.CharField()
    confirm_high_wage = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Set to true to post a wage above the line that asks for confirmation."),
    )
    skills = SkillCodeField(many=True, required=False)
    required_trainings = TrainingCodeField(many=True, required=False)
    min_english_level = EnglishLevelField(required=False)
    requested_badges = BadgeListField(required=False)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    employer_open_claim = serializers.BooleanField(read_only=True)
    repeat_until = serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Post the job again every week until this date (a weekly job)."),
    )
    days = JobDaySerializer(many=True, read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "employer",
            "employer_name",
            "employer_open_claim",
            "description",
            "skills",
            "required_trainings",
            "min_english_level",
            "workers_needed",
            "hourly_wage",
            "date",
            "start_time",
            "estimated_hours",
            "address",
            "transport_provided",
            "pickup_place",
            "pickup_time",
            "meeting_place",
            "status",
            "source",
            "requested_badges",
            "confirm_high_wage",
            "created_at",
            "end_date",
            "repeat_until",
            "series",
            "days",
        ]
        read_only_fields = ["status", "source", "created_at", "series"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        view = self.context.get("view")
        employer_field = self.fields["employer"]
        if view is None or not hasattr(employer_field, "queryset"):
            return
        if view.portal_employer is not None:
            employer_field.read_only = True
        else:
            employer_field.queryset = Employer.objects.filter(center=current_center(view.request))

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data.pop("employer", None)
        if "skills" in data:
            data["skills"] = [skill.code for skill in data["skills"]]
        if "required_trainings" in data:
            data["required_trainings"] = [t.code for t in data["required_trainings"]]
        if data.get("repeat_until") is None:
            data.pop("repeat_until", None)
        return data


class JobFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", label=_("Employer or description (accents ignored)")
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    skill = django_filters.CharFilter(field_name="skills__code", label=_("Skill code"))

    class Meta:
        model = Job
        fields = ["status", "date", "employer", "source"]

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        matching = selectors.text_search(Employer.objects.all(), value)
        return queryset.filter(Q(employer__in=matching) | Q(description__icontains=value.strip()))


class DeskOrOwnEmployer(BasePermission):
    """The center's desk, or an employer's portal login (for its own jobs)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return view.portal_employer is not None or HasCenterRole().has_permission(request, view)


class JobViewSet(CenterScopedAPIMixin, viewsets.ModelViewSet):
    serializer_class = JobSerializer
    queryset = Job.objects.all()
    filterset_class = JobFilter

    def get_permissions(self) -> list[BasePermission]:
        return [permission() for permission in self.permission_classes] + [DeskOrOwnEmployer()]

    @property
    def portal_employer(self) -> Employer | None:
        """The caller's employer when the caller is an employer login, not center staff."""
        if not hasattr(self, "_portal_employer"):
            user = self.request.user
            employer = None
            if user.is_authenticated and not HasCenterRole().has_permission(self.request, self):
                employer = (
                    Employer.objects.select_related("center").filter(portal_user=user).first()
                )
            self._portal_employer = employer
        return self._portal_employer

    def get_queryset(self) -> Any:
        employer = self.portal_employer
        base = Job.objects.filter(employer=employer) if employer else super().get_queryset()
        return selectors.jobs_with_flags(base).order_by("-date", "start_time", "pk")

    @extend_schema(request=JobDayActionSerializer, responses=JobDaySerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"days/(?P<day>\d{4}-\d{2}-\d{2})/(?P<verb>confirm|cancel)",
    )
    def day(self, request: Any, pk: Any = None, day: str = "", verb: str = "") -> Response:
        """Confirm or cancel one day of the job; the other days stay as they are."""
        job = self.get_object()
        row = get_object_or_404(JobDay, job=job, date=parse_date(day))
        given = JobDayActionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        if verb == "confirm":
            row = services.job_day_confirm(day=row, by=request.user)
        else:
            row = services.job_day_cancel(
                day=row, by=request.user, reason=given.validated_data["reason"]
            )
        return Response(JobDaySerializer(row).data)

    def perform_create(self, serializer: JobSerializer) -> None:
        employer = self.portal_employer or serializer.validated_data["employer"]
        job = services.job_create(
            center=employer.center if self.portal_employer else self.center,
            employer=employer,
            by=self.request.user,
            source=Job.Source.API,
            **serializer.service_kwargs(),
        )
        serializer.instance = self.get_queryset().get(pk=job.pk)

    def perform_update(self, serializer: JobSerializer) -> None:
        if self.portal_employer is not None:
            raise PermissionDenied(_("Call the center to change a posted job."))
        kwargs = serializer.service_kwargs()
        kwargs.pop("repeat_until", None)  # set when the weekly job is posted
        if "employer" in serializer.validated_data and (
            serializer.validated_data["employer"] != serializer.instance.employer
        ):
            raise serializers.ValidationError(
                {"employer": [_("A job cannot move to another employer.")]}
            )
        job = services.job_update(job=serializer.instance, by=self.request.user, **kwargs)
        serializer.instance = self.get_queryset().get(pk=job.pk)

    def perform_destroy(self, instance: Job) -> None:
        services.job_cancel(job=instance, by=self.request.user)
