"""Pages of the employers app (employers, jobs, the employer portal)."""

from django.urls import path

from .views import approval, declines, employers, floors, jobs, portal, signup

urlpatterns = [
    path("employers/", employers.EmployerList.as_view(), name="employer-list"),
    path("employers/pending/", approval.PendingEmployers.as_view(), name="employer-pending"),
    path("employers/terms/", approval.TermsEdit.as_view(), name="employer-terms"),
    path("employers/<int:pk>/review/", approval.EmployerReview.as_view(), name="employer-review"),
    path("employers/new/", employers.EmployerCreate.as_view(), name="employer-create"),
    path("employers/<int:pk>/", employers.EmployerDetail.as_view(), name="employer-detail"),
    path("employers/<int:pk>/edit/", employers.EmployerEdit.as_view(), name="employer-edit"),
    path("employers/declines/", declines.DeclineList.as_view(), name="decline-list"),
    path("employers/declines/<int:pk>/", declines.DeclineReview.as_view(), name="decline-review"),
    path("jobs/", jobs.JobList.as_view(), name="job-list"),
    path("jobs/new/", jobs.JobCreate.as_view(), name="job-create"),
    path("jobs/<int:pk>/", jobs.JobDetail.as_view(), name="job-detail"),
    path("jobs/<int:pk>/edit/", jobs.JobEdit.as_view(), name="job-edit"),
    path("jobs/<int:pk>/cancel/", jobs.JobCancel.as_view(), name="job-cancel"),
    path("floors/", floors.KindFloors.as_view(), name="kind-floors"),
    path(
        "jobs/<int:pk>/days/<str:day>/<str:verb>/",
        jobs.JobDayAction.as_view(),
        name="job-day",
    ),
    path(
        "portal/jobs/<int:pk>/days/<str:day>/<str:verb>/",
        portal.portal_job_day,
        name="portal-job-day",
    ),
    path("portal/", portal.portal_home, name="portal-home"),
    path("portal/jobs/new/", portal.portal_job_create, name="portal-job-create"),
    path("portal/jobs/<int:pk>/cancel/", portal.portal_job_cancel, name="portal-job-cancel"),
    path("portal/signup/", signup.signup_centers, name="portal-signup"),
    path("portal/signup/<slug:slug>/", signup.signup_form, name="portal-signup-form"),
    path("portal/verify/", signup.portal_verify, name="portal-verify"),
    path("portal/verify/again/", signup.portal_verify_resend, name="portal-verify-resend"),
    path(
        "portal/verify/email/<str:token>/",
        signup.portal_verify_email,
        name="portal-verify-email",
    ),
]
