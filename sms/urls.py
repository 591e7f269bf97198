"""Twilio webhooks and the SMS pages."""

urlpatterns: list = []
