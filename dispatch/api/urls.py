"""REST API routes of the dispatch app, mounted under /api/v1/."""

from rest_framework.routers import DefaultRouter

from dispatch.api.jobs import EmployerViewSet, JobViewSet

router = DefaultRouter(trailing_slash=True)
router.register("employers", EmployerViewSet, basename="api-employer")
router.register("jobs", JobViewSet, basename="api-job")

urlpatterns = [*router.urls]
