"""Twilio webhooks and the SMS pages."""

from django.urls import path

from sms import views

urlpatterns = [
    path("twilio/inbound/", views.twilio_inbound, name="sms-twilio-inbound"),
    path("twilio/status/", views.twilio_status, name="sms-twilio-status"),
    path("templates/", views.template_costs, name="sms-template-costs"),
    path("simulator/", views.simulator, name="sms-simulator"),
    path("simulator/reply/", views.simulator_reply, name="sms-simulator-reply"),
]
