"""Pages of the dispatch app (employers, jobs, desk, display, claims, portal)."""

from django.urls import path

from .views import audit, claims, desk, employers, jobs, ledger, portal

urlpatterns = [
    path("employers/", employers.EmployerList.as_view(), name="employer-list"),
    path("employers/new/", employers.EmployerCreate.as_view(), name="employer-create"),
    path("employers/<int:pk>/", employers.EmployerDetail.as_view(), name="employer-detail"),
    path("employers/<int:pk>/edit/", employers.EmployerEdit.as_view(), name="employer-edit"),
    path("jobs/", jobs.JobList.as_view(), name="job-list"),
    path("jobs/new/", jobs.JobCreate.as_view(), name="job-create"),
    path("jobs/<int:pk>/", jobs.JobDetail.as_view(), name="job-detail"),
    path("jobs/<int:pk>/edit/", jobs.JobEdit.as_view(), name="job-edit"),
    path("jobs/<int:pk>/cancel/", jobs.JobCancel.as_view(), name="job-cancel"),
    path("portal/", portal.portal_home, name="portal-home"),
    path("portal/jobs/new/", portal.portal_job_create, name="portal-job-create"),
    path("portal/jobs/<int:pk>/cancel/", portal.portal_job_cancel, name="portal-job-cancel"),
    path("desk/", desk.desk, name="desk"),
    path("desk/live/", desk.desk_live, name="desk-live"),
    path("desk/signin/", desk.desk_signin, name="desk-signin"),
    path("desk/draw/", desk.desk_draw, name="desk-draw"),
    path("desk/jobs/<int:pk>/dispatch/", desk.desk_dispatch, name="desk-dispatch"),
    path("desk/assignments/<int:pk>/undo/", desk.desk_undo, name="desk-undo"),
    path("desk/signins/<int:pk>/", desk.desk_signin_update, name="desk-signin-update"),
    path("desk/why/<int:worker_id>/", desk.desk_why, name="desk-why"),
    path("desk/slip/<int:pk>/", desk.slip, name="dispatch-slip"),
    path("desk/print/", desk.day_sheet, name="desk-print"),
    path("display/<slug:slug>/", desk.display, name="display"),
    path("display/<slug:slug>/live/", desk.display_live, name="display-live"),
    path(
        "display/<slug:slug>/lottery/<str:day>/proof.json",
        desk.lottery_proof,
        name="lottery-proof",
    ),
    path("display/<slug:slug>/<str:token>/", desk.display_by_link, name="display-token"),
    path(
        "display/<slug:slug>/<str:token>/live/",
        desk.display_by_link_live,
        name="display-token-live",
    ),
    path("lottery/verify_lottery.py", desk.lottery_verifier, name="lottery-verifier"),
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
    path("audit/", audit.AuditList.as_view(), name="audit"),
]
