from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_switch, name="language-switch"),
    path("center/", views.center_switch, name="center-switch"),
    path("center/settings/", views.CenterSettings.as_view(), name="center-settings"),
    path("center/display-links/", views.DisplayLinks.as_view(), name="display-links"),
    path(
        "center/display-links/<int:pk>/revoke/",
        views.DisplayLinkRevoke.as_view(),
        name="display-link-revoke",
    ),
    path("center/decisions/", views.Decisions.as_view(), name="decisions"),
    path("center/decisions/new/", views.DecisionCreate.as_view(), name="decision-create"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
