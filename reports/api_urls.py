"""Report API routes, mounted under /api/v1/reports/."""

from django.urls import path

from .api import ReportSummary

urlpatterns = [path("summary/", ReportSummary.as_view(), name="api-report-summary")]
