"""The project's URLs plus a view that fails, for the tests of what a 500 logs and reports."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def failing_search(request: HttpRequest) -> HttpResponse:
    term = request.GET.get("q", "")
    raise ValueError(f"search failed near {request.GET.get('phone', '')} ({len(term)} letters)")


urlpatterns = [path("failing-search/", failing_search), *project_urlpatterns]
