"""Pages of the dispatch app (desk, display, lottery proof, claims, jobs log)."""

from django.urls import path

from .views import audit, claims, desk, ledger

urlpatterns = [
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
