"""Board report pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_page, name="reports"),
    path("fairness/", views.fairness_page, name="reports-fairness"),
    path("csv/<slug:table>/", views.report_csv, name="reports-csv"),
]
