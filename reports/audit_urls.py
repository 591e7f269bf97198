"""The audit history page, at /audit/ (outside /reports/, where it always was)."""

from django.urls import path

from .views_audit import AuditList

urlpatterns = [
    path("audit/", AuditList.as_view(), name="audit"),
]
