"""REST API for assignments (the jobs log): list, complete with hours and pay, paid status,
ratings, cancel, no-show, and open a wage claim. Scoped to the caller's center."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from centers.scoping import CenterScopedAPIMixin
from dispatch.models import Assignment
from wages.api.claims import ClaimSerializer
from wages.services import claims as claim_services
from wages.services import ledger


class AssignmentSerializer(serializers.ModelSerializer):
    badge = serializers.IntegerField(source="worker.badge", read_only=True)
    employer = serializers.IntegerField(source="job.employer_id", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "job",
            "worker",
            "badge",
            "employer",
            "date",
            "how",
            "state",
            "hours_worked",
            "amount_paid",
            "pay_note",
            "paid_status",
            "worker_rating",
            "worker_rating_comment",
            "employer_rating",
            "employer_rating_comment",
            "ended_reason",
            "payment_check_sent_at",
        ]
        read_only_fields = fields


class CompleteSerializer(serializers.Serializer):
    hours_worked = serializers.DecimalField(max_digits=4, decimal_places=1)
    amount_paid = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, default=None
    )
    pay_note = serializers.CharField(required=False, allow_blank=True, default="")
    paid_status = serializers.ChoiceField(
        choices=Assignment.PaidStatus.choices, default=Assignment.PaidStatus.UNKNOWN
    )


class PaidSerializer(serializers.Serializer):
    paid_status = serializers.ChoiceField(choices=Assignment.PaidStatus.choices)


class RateSerializer(serializers.Serializer):
    worker_rating = serializers.IntegerField(required=False, allow_null=True, default=None)
    worker_rating_comment = serializers.CharField(required=False, allow_blank=True, default="")
    employer_rating = serializers.IntegerField(required=False, allow_null=True, default=None)
    employer_rating_comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class OpenClaimSerializer(serializers.Serializer):
    amount_owed = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, default=None
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentViewSet(
    CenterScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Dispatched workers and what came of each job."""

    queryset = Assignment.objects.select_related("worker", "job").order_by("-date", "-pk")
    serializer_class = AssignmentSerializer
    filterset_fields = ["job", "worker", "date", "state", "paid_status", "how"]

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, assignment: Assignment) -> Response:
        fresh = self.get_queryset().get(pk=assignment.pk)
        return Response(AssignmentSerializer(fresh).data)

    @extend_schema(request=CompleteSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        """Log the job as done: hours, pay (wage × hours unless `pay_note` explains) and paid."""
        data = self._input(CompleteSerializer)
        return self._answer(
            ledger.assignment_complete(assignment=self.get_object(), by=request.user, **data)
        )

    @extend_schema(request=PaidSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def paid(self, request: Request, pk: str) -> Response:
        """Record whether the worker was paid."""
        data = self._input(PaidSerializer)
        return self._answer(
            ledger.assignment_paid_record(assignment=self.get_object(), by=request.user, **data)
        )

    @extend_schema(request=RateSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str) -> Response:
        """Ratings both ways, 1–5 with a comment."""
        data = self._input(RateSerializer)
        return self._answer(
            ledger.assignment_rate(assignment=self.get_object(), by=request.user, **data)
        )

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """The worker will not go; the slot is free again. A reason is required."""
        data = self._input(ReasonSerializer)
        return self._answer(
            ledger.assignment_cancel(assignment=self.get_object(), by=request.user, **data)
        )

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str) -> Response:
        """The worker did not come: a strike is recorded (and may suspend them)."""
        data = self._input(ReasonSerializer)
        assignment = self.get_object()
        ledger.assignment_no_show(assignment=assignment, by=request.user, **data)
        return self._answer(assignment)

    @extend_schema(request=OpenClaimSerializer, responses={201: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str) -> Response:
        """Open a wage claim for this job, with worker, employer, date and pay filled in."""
        data = self._input(OpenClaimSerializer)
        claim = claim_services.claim_open_from_assignment(
            assignment=self.get_object(), by=request.user, **data
        )
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)
