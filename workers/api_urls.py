"""REST API routes of the workers app, mounted under /api/v1/."""

from rest_framework.routers import DefaultRouter

from .api import SkillViewSet, WorkerViewSet

router = DefaultRouter(trailing_slash=True)
router.register("workers", WorkerViewSet, basename="api-worker")
router.register("skills", SkillViewSet, basename="api-skill")

urlpatterns = [*router.urls]
