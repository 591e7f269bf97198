from django.contrib import admin

from sms.models import Email, Message, OptOut, StatusEvent


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = (
        "pk", "center", "direction", "kind", "priority", "worker", "status", "error_code",
        "segments", "created_at",
    )  # fmt: skip
    list_filter = ("center", "direction", "status", "priority", "kind")
    list_select_related = ("center", "worker")
    search_fields = ("provider_sid",)
    raw_id_fields = ("worker",)
    readonly_fields = (
        "provider_sid", "status", "attempts", "sending_at", "sent_at", "delivered_at",
        "failed_at", "next_attempt_at", "priority",
    )  # fmt: skip


@admin.register(StatusEvent)
class StatusEventAdmin(admin.ModelAdmin):
    list_display = ("provider_sid", "status", "error_code", "applied", "received_at")
    list_filter = ("status", "applied")
    search_fields = ("provider_sid",)


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("center", "keyword", "source", "opted_out_at")
    list_filter = ("center", "source")


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ("pk", "center", "kind", "language", "status", "attempts", "created_at")
    list_filter = ("center", "status", "kind")
    readonly_fields = (
        "status", "attempts", "error", "sending_at", "sent_at", "next_attempt_at",
    )  # fmt: skip
