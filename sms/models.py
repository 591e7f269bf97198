from __future__ import annotations

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
