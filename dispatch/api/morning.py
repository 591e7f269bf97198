"""REST API of the morning loop: sign-ins, the lottery, dispatch, offers, undo."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centers.api_fields import BadgeField
from centers.inputs import parse_date
from centers.scoping import CenterScopedAPIMixin, current_center
from centers.text import fold
from dispatch import reasons
from dispatch.models import Assignment, LotteryDraw, Offer, SignIn
from dispatch.selectors import morning as selectors
from dispatch.services import morning, offers
from employers.models import Job
from workers.models import Worker

DATE_PARAM = OpenApiParameter("date", str, description="local date YYYY-MM-DD (default today)")


def _day(request: Request, center: Any) -> date:
    return parse_date(request.query_params.get("date"), field="date") or center.today()


class SignInSerializer(serializers.ModelSerializer):
    badge = serializers.IntegerField(source="worker.badge", read_only=True)
    known_as = serializers.CharField(source="worker.known_as", read_only=True)

    class Meta:
        model = SignIn
        fields = [
            "id",
            "badge",
            "known_as",
            "date",
            "lottery_number",
            "position",
            "state",
            "signed_in_at",
            "late",
            "present",
        ]
        read_only_fields = fields


class SignInCreateSerializer(serializers.Serializer):
    badge = BadgeField(help_text="a card's code as scanned, or the badge number")


@extend_schema(parameters=[DATE_PARAM, OpenApiParameter("search", str)])
class SignInViewSet(
    CenterScopedAPIMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Today's queue; POST ``{"badge"}`` signs a worker in."""

    queryset = SignIn.objects.all()
    serializer_class = SignInSerializer

    def get_queryset(self) -> Any:
        center = self.center
        queryset = selectors.signins_list(center=center, day=_day(self.request, center))
        term = self.request.query_params.get("search")
        if term:
            queryset = queryset.filter(worker__search_text__contains=fold(term))
        return queryset

    def get_serializer_class(self) -> Any:
        return SignInCreateSerializer if self.action == "create" else SignInSerializer

    @extend_schema(request=SignInCreateSerializer, responses={201: SignInSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SignInCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signin = morning.signin_create(
            center=self.center, badge=data.validated_data["badge"], method=SignIn.Method.API
        )
        return Response(SignInSerializer(signin).data, status=status.HTTP_201_CREATED)


class LotterySerializer(serializers.ModelSerializer):
    seed = serializers.CharField(source="revealed_seed", allow_null=True)
    mode = serializers.CharField(help_text="uniform, tiered or deficit")
    proof_url = serializers.SerializerMethodField(
        help_text="the public proof of the draw (no login; null until drawn)"
    )

    class Meta:
        model = LotteryDraw
        fields = ["date", "mode", "commitment", "seed", "order", "drawn_at", "proof_url"]
        read_only_fields = fields

    def get_proof_url(self, draw: LotteryDraw) -> str | None:
        if not draw.is_drawn:
            return None
        url = reverse("lottery-proof", args=[draw.center.slug, draw.date.isoformat()])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class LotteryView(CenterScopedAPIMixin, APIView):
    """The day's draw: the commitment before it, the seed and order after it."""

    @extend_schema(parameters=[DATE_PARAM], responses=LotterySerializer)
    def get(self, request: Request) -> Response:
        center = self.center
        day = _day(request, center)
        draw = selectors.draw_for(center=center, day=day)
        if draw is None and day == center.today():
            draw = morning.draw_get_or_create(center=center, day=day)
        if draw is None:
            raise NotFound("No lottery that day.")
        return Response(LotterySerializer(draw, context={"request": request}).data)

    @extend_schema(request=None, responses={201: LotterySerializer})
    def post(self, request: Request) -> Response:
        draw = morning.lottery_draw(center=self.center, by=request.user)
        data = LotterySerializer(draw, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class OfferSerializer(serializers.ModelSerializer):
    badge = serializers.IntegerField(source="worker.badge", read_only=True)
    known_as = serializers.CharField(source="worker.known_as", read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "job", "badge", "known_as", "state", "expires_at", "created_at"]
        read_only_fields = fields


@extend_schema(parameters=[OpenApiParameter("job", int), OpenApiParameter("state", str)])
class OfferViewSet(CenterScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Offer.objects.select_related("worker").order_by("-created_at", "-pk")
    serializer_class = OfferSerializer
    filterset_fields = ["job", "state"]


class DispatchInputSerializer(serializers.Serializer):
    via = serializers.ChoiceField(choices=[morning.DESK, morning.SMS], default=morning.DESK)
    badge = BadgeField(
        required=False,
        help_text="assign this worker directly (a worker at the desk): a card's code or a badge",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="why a worker goes out of turn: employer_request, skill, same_job or other",
    )
    reason_note = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="required with other"
    )


def _person(worker: Worker) -> dict[str, Any]:
    return {"badge": worker.badge, "known_as": worker.known_as}


DISPATCH_RESULT = inline_serializer(
    "DispatchResult",
    {
        "job": serializers.IntegerField(),
        "status": serializers.CharField(),
        "assigned": serializers.ListField(child=serializers.DictField()),
        "offered": serializers.ListField(child=serializers.DictField()),
        "skipped": serializers.ListField(child=serializers.DictField()),
    },
)


class JobDispatchView(CenterScopedAPIMixin, APIView):
    """Assign (``desk``) or offer by SMS (``sms``) the next eligible workers; says who was
    chosen and who was skipped and why. With ``badge``: assign that worker directly."""

    @extend_schema(request=DispatchInputSerializer, responses=DISPATCH_RESULT)
    def post(self, request: Request, pk: int) -> Response:
        center = self.center
        job = get_object_or_404(Job, pk=pk, center=center)
        data = DispatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        via, badge = data.validated_data["via"], data.validated_data.get("badge")
        result = morning.DispatchResult()
        if badge is not None:
            result.assignments.append(
                morning.assignment_direct(
                    job=job,
                    badge=badge,
                    by=request.user,
                    reason=data.validated_data.get("reason", ""),
                    reason_note=data.validated_data.get("reason_note", ""),
                )
            )
        elif via == morning.SMS:
            result = offers.offers_send(job=job)
        else:
            result = morning.job_dispatch_desk(job=job, by=request.user)
        job.refresh_from_db(fields=["status"])
        return Response(
            {
                "job": job.pk,
                "status": job.status,
                "assigned": [
                    {**_person(a.worker), "how": a.how, "slot": a.slot, "assignment": a.pk}
                    for a in result.assignments
                ],
                "offered": [
                    {**_person(o.worker), "offer": o.pk, "expires_at": o.expires_at}
                    for o in result.offers
                ],
                "skipped": [
                    {**_person(worker), "reason": why, "reason_text": reasons.label(why)}
                    for worker, why in result.skipped
                ],
            }
        )


class UndoSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class AssignmentUndoView(CenterScopedAPIMixin, APIView):
    """Undo a mistaken dispatch, with a reason."""

    @extend_schema(
        request=UndoSerializer,
        responses=inline_serializer(
            "UndoResult", {"id": serializers.IntegerField(), "state": serializers.CharField()}
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        assignment = get_object_or_404(Assignment, pk=pk, center=current_center(request))
        data = UndoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = morning.assignment_undo(
            assignment=assignment, reason=data.validated_data["reason"], by=request.user
        )
        return Response({"id": assignment.pk, "state": assignment.state})
