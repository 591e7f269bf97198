"""REST API routes of the dispatch app, mounted under /api/v1/ (its viewsets join the
project's one router in ``config.api_urls``)."""

from django.urls import path

from .morning import AssignmentUndoView, JobDispatchView, LotteryView

urlpatterns = [
    path("lottery/", LotteryView.as_view(), name="api-lottery"),
    path("jobs/<int:pk>/dispatch/", JobDispatchView.as_view(), name="api-job-dispatch"),
    path("assignments/<int:pk>/undo/", AssignmentUndoView.as_view(), name="api-assignment-undo"),
]
