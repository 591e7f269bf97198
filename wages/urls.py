"""Pages of the wages app (wage claims and letters, the jobs log, worker and employer
history, sanctions)."""

from django.urls import path

from .views import claims, feedback, ledger

urlpatterns = [
    path("portal/jobs/<int:pk>/workers/", feedback.portal_job_workers, name="portal-job-workers"),
    path("portal/workers/<int:pk>/rate/", feedback.portal_rate, name="portal-rate"),
    path("portal/workers/<int:pk>/decline/", feedback.portal_decline, name="portal-decline"),
    path("claims/", claims.ClaimList.as_view(), name="claim-list"),
    path("claims/new/", claims.ClaimCreate.as_view(), name="claim-create"),
    path("claims/<int:pk>/", claims.ClaimDetail.as_view(), name="claim-detail"),
    path("claims/<int:pk>/letter/", claims.ClaimLetter.as_view(), name="claim-letter"),
    path("claims/<int:pk>/<slug:action>/", claims.ClaimAction.as_view(), name="claim-action"),
    path("jobs/log/", ledger.JobsLog.as_view(), name="jobs-log"),
    path("jobs/<int:pk>/log/", ledger.JobLog.as_view(), name="job-log"),
    path(
        "assignments/<int:pk>/<slug:action>/",
        ledger.AssignmentAction.as_view(),
        name="assignment-action",
    ),
    path("workers/<int:pk>/history/", ledger.WorkerHistory.as_view(), name="worker-history"),
    path(
        "workers/<int:pk>/sanctions/<slug:action>/",
        ledger.WorkerSanction.as_view(),
        name="worker-sanction",
    ),
    path("employers/<int:pk>/history/", ledger.EmployerHistory.as_view(), name="employer-history"),
]
