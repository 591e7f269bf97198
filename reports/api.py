"""GET /api/v1/reports/summary/: the board report as JSON."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from centers.errors import PermissionDenied
from centers.scoping import REPORT_ROLES, CenterScopedAPIMixin, current_center, user_role

from . import presenters
from .presenters import ReportError
from .selectors import report_summary


class ReportSummary(CenterScopedAPIMixin, APIView):
    """The report of one center (``?center=slug``) or, for network admins, of the whole
    network (``?scope=network``). Board members get counts under 5 as ``"<5"``."""

    allowed_roles = REPORT_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="first day (default: 12 months ago)"
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description="last day (default: today)"),
            OpenApiParameter("center", OpenApiTypes.STR, description="center slug"),
            OpenApiParameter("scope", OpenApiTypes.STR, enum=["center", "network"]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Any) -> Response:
        center = current_center(request)
        role = user_role(request.user, center)
        try:
            network = presenters.wants_network(request.query_params, role)
        except ReportError as error:
            raise PermissionDenied(error.message) from error
        start, end = presenters.parse_range(request.query_params, self.center.today())
        report = report_summary(center=None if network else center, start=start, end=end)
        return Response(presenters.as_json(report, presenters.suppresses(role)))
