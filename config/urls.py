from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication

from centers.api import CenterList, TokenObtain

api_v1 = [
    path("auth/token/", TokenObtain.as_view(), name="api-token"),
    path("centers/", CenterList.as_view(), name="api-centers"),
    path("reports/", include("reports.api_urls")),
    path("", include("workers.api_urls")),
    path("", include("dispatch.api.urls")),
    path("", include("config.api_urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema",
            # The docs page is HTML for a browser: a session or nobody. A token (forged or
            # not) has nothing to do there and must not fail while the page renders.
            authentication_classes=[SessionAuthentication],
        ),
        name="api-docs",
    ),
    path("sms/", include("sms.urls")),
    path("reports/", include("reports.urls")),
    path("", include("workers.urls")),
    path("", include("employers.urls")),
    path("", include("dispatch.urls")),
    path("", include("wages.urls")),
    path("", include("reports.audit_urls")),
    path("", include("centers.urls")),
]

handler404 = "centers.views.page_not_found"
