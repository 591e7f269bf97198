"""The one REST router of /api/v1/: every app's viewsets, in the order of the API root."""

from rest_framework.routers import DefaultRouter

from dispatch.api.morning import OfferViewSet, SignInViewSet
from employers.api import EmployerViewSet, JobViewSet
from wages.api.assignments import AssignmentViewSet
from wages.api.claims import ClaimViewSet

router = DefaultRouter(trailing_slash=True)
router.register("employers", EmployerViewSet, basename="api-employer")
router.register("jobs", JobViewSet, basename="api-job")
router.register("signins", SignInViewSet, basename="signin")
router.register("offers", OfferViewSet, basename="offer")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("claims", ClaimViewSet, basename="claim")

urlpatterns = router.urls
