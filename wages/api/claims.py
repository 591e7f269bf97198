"""REST API for wage claims: list, open, correct, move through the workflow, record payments
and timeline events. Scoped to the caller's center."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from centers.api_fields import CenterPKField
from centers.scoping import CenterScopedAPIMixin
from dispatch.models import Assignment
from employers.models import Employer, Job
from wages.models import ClaimEvent, WageClaim
from wages.selectors.claims import claim_search
from wages.services import claims as services
from workers.models import Worker


class ClaimEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None, read_only=True)

    class Meta:
        model = ClaimEvent
        fields = ["id", "kind", "note", "amount", "from_status", "to_status", "by", "at"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    badge = serializers.IntegerField(source="worker.badge", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    events = ClaimEventSerializer(many=True, read_only=True)

    class Meta:
        model = WageClaim
        fields = [
            "id",
            "worker",
            "badge",
            "employer",
            "employer_name",
            "job",
            "assignment",
            "work_start",
            "work_end",
            "amount_owed",
            "amount_recovered",
            "status",
            "referred_to",
            "description",
            "opened_at",
            "resolved_at",
            "events",
        ]
        read_only_fields = fields


class ClaimOpenSerializer(serializers.Serializer):
    assignment = CenterPKField(queryset=Assignment.objects.all(), required=False)
    worker = CenterPKField(queryset=Worker.objects.all(), required=False)
    employer = CenterPKField(queryset=Employer.objects.all(), required=False)
    job = CenterPKField(queryset=Job.objects.all(), required=False, allow_null=True)
    amount_owed = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    work_start = serializers.DateField(required=False)
    work_end = serializers.DateField(required=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    draft = serializers.BooleanField(required=False, default=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if "assignment" not in data:
            missing = [
                f for f in ("worker", "employer", "amount_owed", "work_start") if f not in data
            ]
            if missing:
                raise serializers.ValidationError(
                    {f: [serializers.Field.default_error_messages["required"]] for f in missing}
                )
        return data


class ClaimUpdateSerializer(serializers.Serializer):
    amount_owed = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    work_start = serializers.DateField(required=False)
    work_end = serializers.DateField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=WageClaim.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    referred_to = serializers.ChoiceField(
        choices=WageClaim.Referral.choices, required=False, allow_blank=True, default=""
    )


class PaymentSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(services.MANUAL_EVENT_KINDS))
    note = serializers.CharField()


class ClaimFilter(filters.FilterSet):
    search = filters.CharFilter(method="filter_search")

    class Meta:
        model = WageClaim
        fields = ["status", "worker", "employer", "job", "assignment"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return claim_search(queryset, value)


class ClaimViewSet(
    CenterScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Wage claims of the caller's center."""

    queryset = (
        WageClaim.objects.select_related("worker", "employer")
        .prefetch_related("events__by")
        .order_by("-opened_at", "-pk")
    )
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, claim: WageClaim, code: int = status.HTTP_200_OK) -> Response:
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(ClaimSerializer(claim).data, status=code)

    @extend_schema(request=ClaimOpenSerializer, responses={201: ClaimSerializer})
    def create(self, request: Request) -> Response:
        """Open a claim from an assignment (job, employer and pay filled in) or from scratch."""
        data = self._input(ClaimOpenSerializer)
        if "assignment" in data:
            claim = services.claim_open_from_assignment(
                assignment=data["assignment"],
                amount_owed=data.get("amount_owed"),
                description=data["description"],
                draft=data["draft"],
                by=request.user,
            )
        else:
            claim = services.claim_open(
                center=self.center,
                worker=data["worker"],
                employer=data["employer"],
                job=data.get("job"),
                amount_owed=data["amount_owed"],
                work_start=data["work_start"],
                work_end=data.get("work_end"),
                description=data["description"],
                draft=data["draft"],
                by=request.user,
            )
        return self._answer(claim, status.HTTP_201_CREATED)

    @extend_schema(request=ClaimUpdateSerializer, responses=ClaimSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Correct the amount owed, the dates or the description (complete a draft)."""
        claim = services.claim_update(
            claim=self.get_object(), by=request.user, **self._input(ClaimUpdateSerializer)
        )
        return self._answer(claim)

    @extend_schema(request=TransitionSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the claim to another status; illegal moves are refused with 400."""
        claim = services.claim_transition(
            claim=self.get_object(), by=request.user, **self._input(TransitionSerializer)
        )
        return self._answer(claim)

    @extend_schema(request=PaymentSerializer, responses={201: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def payments(self, request: Request, pk: str) -> Response:
        """Record a (partial) payment; more than is owed needs a note."""
        claim = self.get_object()
        services.claim_payment(claim=claim, by=request.user, **self._input(PaymentSerializer))
        return self._answer(claim, status.HTTP_201_CREATED)

    @extend_schema(request=EventSerializer, responses={201: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def events(self, request: Request, pk: str) -> Response:
        """Add a call, visit, letter, referral or note to the timeline."""
        claim = self.get_object()
        services.claim_event_add(claim=claim, by=request.user, **self._input(EventSerializer))
        return self._answer(claim, status.HTTP_201_CREATED)
