"""Pages of the dispatch app (desk, display, lottery proof)."""

from django.urls import path

from .views import desk

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
]
