"""Board report pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_page, name="reports"),
    path("fairness/", views.fairness_page, name="reports-fairness"),
    path("csv/<slug:table>/", views.report_csv, name="reports-csv"),
    path("funder/", views.funder_page, name="reports-funder"),
    path("funder/csv/<slug:table>/", views.funder_csv, name="reports-funder-csv"),
]
