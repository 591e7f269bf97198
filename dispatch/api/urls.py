"""REST API routes of the dispatch app, mounted under /api/v1/."""

from rest_framework.routers import DefaultRouter

from dispatch.api.assignments import AssignmentViewSet
from dispatch.api.claims import ClaimViewSet

router = DefaultRouter(trailing_slash=True)
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = [*router.urls]
