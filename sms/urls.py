"""Twilio webhooks and the SMS pages."""

from django.urls import path

from sms import views

urlpatterns = [
    path("twilio/inbound/", views.twilio_inbound, name="sms-twilio-inbound"),
    path("twilio/status/", views.twilio_status, name="sms-twilio-status"),
    path("templates/", views.template_costs, name="sms-template-costs"),
    path("simulator/", views.simulator, name="sms-simulator"),
    path("simulator/reply/", views.simulator_reply, name="sms-simulator-reply"),
    path("twilio/voice/call/<int:message_id>/", views.twilio_voice_call, name="sms-voice-call"),
    path("twilio/voice/gather/", views.twilio_voice_gather, name="sms-voice-gather"),
    path("twilio/voice/status/", views.twilio_voice_status, name="sms-voice-status"),
    path("twilio/voice/inbound/", views.twilio_voice_inbound, name="sms-voice-inbound"),
    path("voice/audio/<int:center_id>/<str:token>/", views.voice_audio, name="sms-voice-audio"),
    path("voice/prompts/", views.voice_prompts, name="sms-voice-prompts"),
    path("voice/prompts/save/", views.voice_prompt_save, name="sms-voice-prompt-save"),
    path("simulator/call/", views.simulator_call, name="sms-simulator-call"),
]
