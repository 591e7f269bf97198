from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from centers.models import Center
from sms.catalog import Kind, Priority
from workers.models import Worker


class Message(models.Model):
    """One SMS, in or out. Outbound rows are the outbox: written first, sent by a task."""

    class Direction(models.TextChoices):
        OUTBOUND = "out", _("Sent")
        INBOUND = "in", _("Received")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        UNDELIVERED = "undelivered", _("Undelivered")
        FAILED = "failed", _("Failed")
        RECEIVED = "received", _("Received")

    class Channel(models.TextChoices):
        SMS = "sms", _("Text message")
        VOICE = "voice", _("Phone call")

    class Encoding(models.TextChoices):
        GSM7 = "GSM-7", "GSM-7"
        UCS2 = "UCS-2", "UCS-2"

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="messages", verbose_name=_("center")
    )
    direction = models.CharField(
        max_length=3, choices=Direction.choices, verbose_name=_("direction")
    )
    worker = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("worker"),
    )
    to_number = PhoneNumberField()
    from_number = PhoneNumberField(blank=True)
    kind = models.CharField(max_length=30, blank=True, choices=Kind.choices, verbose_name=_("kind"))
    # Set from the kind (``sms.catalog``): urgent texts take the sending number's rate first.
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.URGENT)
    body = models.TextField()
    language = models.CharField(max_length=2, blank=True, verbose_name=_("language"))
    encoding = models.CharField(max_length=5, choices=Encoding.choices, blank=True)
    segments = models.PositiveSmallIntegerField(default=1, verbose_name=_("segments"))
    provider_sid = models.CharField(max_length=64, null=True, blank=True, unique=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    error_code = models.CharField(max_length=10, blank=True)
    price = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    validity_seconds = models.PositiveIntegerField(null=True, blank=True)
    offer_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the sweeper may next hand a queued row to a task (rate limit, retry, re-enqueue).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=5, choices=Channel.choices, default=Channel.SMS, db_default="sms"
    )
    #: A call's script: what it says, fragment by fragment (``sms.voice``).
    voice_script = models.JSONField(null=True, blank=True)
    call_status = models.CharField(max_length=12, blank=True, default="", db_default="")
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    answered_by = models.CharField(max_length=24, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["center", "created_at"]),
            models.Index(fields=["worker", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.get_kind_display()} #{self.pk}"


# Outbound statuses in the order they happen; a status never moves back.
STATUS_RANK: dict[str, int] = {
    Message.Status.QUEUED: 0,
    Message.Status.SENDING: 1,
    Message.Status.SENT: 2,
    Message.Status.DELIVERED: 3,
    Message.Status.UNDELIVERED: 3,
    Message.Status.FAILED: 3,
}


class StatusEvent(models.Model):
    """One delivery report from the provider, kept once per (MessageSid, MessageStatus)."""

    provider_sid = models.CharField(max_length=64)
    status = models.CharField(max_length=12, verbose_name=_("status"))
    error_code = models.CharField(max_length=10, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    applied = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("delivery status event")
        verbose_name_plural = _("delivery status events")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_sid", "status"], name="one_status_event_per_sid_and_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_sid} {self.status}"


class OptOut(models.Model):
    """A phone number that said STOP to a center: the center sends it nothing more.

    Kept per center and number, beside ``Worker.sms_opted_out_at``, so the opt-out holds for
    every worker record with that phone and for numbers that belong to no worker."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="sms_opt_outs", verbose_name=_("center")
    )
    phone = PhoneNumberField()
    keyword = models.CharField(max_length=30, blank=True)
    source = models.CharField(max_length=20)  # reply | provider | desk
    opted_out_at = models.DateTimeField()

    class Meta:
        ordering = ["-opted_out_at"]
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["center", "phone"], name="one_opt_out_per_center_phone")
        ]

    def __str__(self) -> str:
        return f"{self.center} opt-out #{self.pk}"


class Email(models.Model):
    """One email, rendered in the reader's language: the email outbox. Written first
    (``queued``); a task sends it after the transaction commits, never inside a request."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="emails", verbose_name=_("center")
    )
    to_address = models.EmailField(_("to"))
    kind = models.CharField(_("kind"), max_length=30)
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


# --- calls -----------------------------------------------------------------------------


class PromptStorage(FileSystemStorage):
    """Recorded prompts live in ``VOICE_PROMPT_ROOT``, outside MEDIA_ROOT and STATIC_ROOT:
    nothing serves them but the signed, expiring audio URL (``sms.voice.audio_url``)."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.VOICE_PROMPT_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)


def prompt_storage() -> PromptStorage:
    return PromptStorage()


def _prompt_path(prompt: VoicePrompt, filename: str) -> str:
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "wav"
    return f"{prompt.center_id}/{prompt.language}/{uuid.uuid4().hex}.{ext}"


class VoicePrompt(models.Model):
    """One recorded fragment of a center's calls in one language ("there is a job", a skill,
    a number…). Languages are data: any code the center records prompts for."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="voice_prompts", verbose_name=_("center")
    )
    language = models.CharField(_("call language"), max_length=20)
    key = models.CharField(_("fragment"), max_length=50)
    audio = models.FileField(_("recording"), storage=prompt_storage, upload_to=_prompt_path)
    content_type = models.CharField(max_length=40)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["center", "language", "key"]
        verbose_name = _("recorded prompt")
        verbose_name_plural = _("recorded prompts")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "language", "key"], name="one_prompt_per_language_and_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}:{self.key}"


class CallEvent(models.Model):
    """One status callback of a call, kept once per (CallSid, CallStatus)."""

    call_sid = models.CharField(max_length=64)
    status = models.CharField(max_length=12, verbose_name=_("status"))
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    answered_by = models.CharField(max_length=24, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("call status event")
        verbose_name_plural = _("call status events")
        constraints = [
            models.UniqueConstraint(
                fields=["call_sid", "status"], name="one_call_event_per_sid_and_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_sid} {self.status}"


class CallKeypress(models.Model):
    """A key a worker pressed during a call, applied once per (CallSid, digit)."""

    call_sid = models.CharField(max_length=64)
    digit = models.CharField(max_length=1)
    outcome = models.CharField(max_length=20, blank=True)
    pressed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pressed_at", "pk"]
        verbose_name = _("key pressed on a call")
        verbose_name_plural = _("keys pressed on calls")
        constraints = [
            models.UniqueConstraint(
                fields=["call_sid", "digit"], name="one_keypress_per_call_digit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_sid} {self.digit}"
