from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .membership import dues_payment_delete
from .models import (
    Activity,
    Attendance,
    Certificate,
    DuesPayment,
    PrivacyEvent,
    Sanction,
    Skill,
    Training,
    Worker,
)
from .selectors import text_search
from .services import worker_search_text


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_es", "required_training", "sort_order")
    list_editable = ("required_training", "sort_order")


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("badge", "known_as", "full_name", "center", "status", "preferred_language")
    list_filter = ("center", "status", "preferred_language")
    search_fields = ("search_text",)
    filter_horizontal = ("skills",)
    readonly_fields = (
        "sms_consent_at",
        "sms_opted_out_at",
        "photo_consent_at",
        "erased_at",
        "created_at",
    )
    list_select_related = ("center",)

    def get_search_results(self, request, queryset, search_term):
        return text_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        obj.search_text = worker_search_text(obj)
        super().save_model(request, obj, form, change)


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("worker", "kind", "day", "center")
    list_filter = ("center", "kind")
    raw_id_fields = ("worker",)


@admin.register(PrivacyEvent)
class PrivacyEventAdmin(admin.ModelAdmin):
    list_display = ("worker", "action", "by", "at", "center")
    list_filter = ("center", "action")
    readonly_fields = ("center", "worker", "action", "by", "at")

    def has_add_permission(self, request):
        return False


@admin.register(DuesPayment)
class DuesPaymentAdmin(SimpleHistoryAdmin):
    """Payments are taken at the desk; here they are read, and one recorded by mistake is
    deleted (the worker's paid-through date follows)."""

    list_display = ("worker", "amount", "period_from", "period_to", "method", "paid_on", "center")
    list_filter = ("center", "method")
    list_select_related = ("worker", "center")
    date_hierarchy = "paid_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        dues_payment_delete(payment=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for payment in queryset:
            dues_payment_delete(payment=payment, by=request.user)


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("code", "training_name", "valid_months", "sort_order")
    list_editable = ("valid_months", "sort_order")

    @admin.display(description=_("name"))
    def training_name(self, obj: Training) -> str:
        return obj.name


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "start_time", "center", "completed_at")
    list_filter = ("center", "kind")
    date_hierarchy = "date"


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("worker", "activity", "hours", "recorded_at", "center")
    list_filter = ("center",)
    raw_id_fields = ("worker", "activity")
    list_select_related = ("worker", "activity")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("worker", "training", "issued_on", "expires_on", "center")
    list_filter = ("center", "training")
    raw_id_fields = ("worker", "activity")
    list_select_related = ("worker", "training")
