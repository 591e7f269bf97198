"""Pages of the dispatch app (employers, jobs, desk, display, claims, portal)."""

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
    path("display/<slug:slug>/", desk.display, name="display"),
    path("display/<slug:slug>/live/", desk.display_live, name="display-live"),
]
