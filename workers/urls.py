"""Pages of the workers app."""

from django.urls import path

from . import activity_views, views

urlpatterns = [
    path("workers/", views.WorkerList.as_view(), name="worker-list"),
    path("workers/new/", views.WorkerCreate.as_view(), name="worker-create"),
    path("workers/cards/", views.WorkerCardSheet.as_view(), name="worker-cards"),
    path("workers/<int:pk>/", views.WorkerDetail.as_view(), name="worker-detail"),
    path("workers/<int:pk>/edit/", views.WorkerEdit.as_view(), name="worker-edit"),
    path("workers/<int:pk>/card/", views.WorkerCard.as_view(), name="worker-card"),
    path("workers/<int:pk>/export/", views.WorkerExport.as_view(), name="worker-export"),
    path("workers/<int:pk>/erase/", views.WorkerErase.as_view(), name="worker-erase"),
    path(
        "workers/<int:pk>/demographics/",
        views.WorkerDemographics.as_view(),
        name="worker-demographics",
    ),
    path("activities/", activity_views.ActivityList.as_view(), name="activity-list"),
    path("activities/new/", activity_views.ActivityCreate.as_view(), name="activity-create"),
    path(
        "activities/certificates/expiring/",
        activity_views.CertificatesExpiring.as_view(),
        name="certificates-expiring",
    ),
    path("activities/<int:pk>/", activity_views.ActivityDetail.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", activity_views.ActivityEdit.as_view(), name="activity-edit"),
    path(
        "activities/<int:pk>/complete/",
        activity_views.ActivityComplete.as_view(),
        name="activity-complete",
    ),
    path(
        "activities/attendance/<int:pk>/hours/",
        activity_views.AttendanceHours.as_view(),
        name="attendance-hours",
    ),
    path("workers/<int:pk>/dues/", views.DuesPaymentCreate.as_view(), name="dues-create"),
    path(
        "workers/<int:pk>/dues/<int:payment>/receipt/",
        views.DuesReceipt.as_view(),
        name="dues-receipt",
    ),
    path("workers/<int:pk>/photo/", views.WorkerPhoto.as_view(), name="worker-photo"),
    path("workers/<int:pk>/photo/take/", views.WorkerPhotoTake.as_view(), name="worker-photo-take"),
    path(
        "workers/<int:pk>/photo/withdraw/",
        views.WorkerPhotoWithdraw.as_view(),
        name="worker-photo-withdraw",
    ),
]
