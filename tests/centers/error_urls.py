"""The project's URLs plus pages that fail on purpose, for the error page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

# Django reads handler404 from the ROOT_URLCONF module: this one must carry the project's.
from config.urls import handler404  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a forged request")


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/400/", suspicious),
    *project_urlpatterns,
]
