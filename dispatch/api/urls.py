"""REST API routes of the dispatch app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .assignments import AssignmentViewSet
from .claims import ClaimViewSet
from .jobs import EmployerViewSet, JobViewSet
from .morning import AssignmentUndoView, JobDispatchView, LotteryView, OfferViewSet, SignInViewSet

router = DefaultRouter(trailing_slash=True)
router.register("employers", EmployerViewSet, basename="api-employer")
router.register("jobs", JobViewSet, basename="api-job")
router.register("signins", SignInViewSet, basename="signin")
router.register("offers", OfferViewSet, basename="offer")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = [
    path("lottery/", LotteryView.as_view(), name="api-lottery"),
    path("jobs/<int:pk>/dispatch/", JobDispatchView.as_view(), name="api-job-dispatch"),
    path("assignments/<int:pk>/undo/", AssignmentUndoView.as_view(), name="api-assignment-undo"),
    *router.urls,
]
