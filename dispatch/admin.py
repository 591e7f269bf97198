from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dispatch.models import (
    Assignment,
    DispatchDecision,
    LotteryDraw,
    Offer,
    PriorityFlag,
    SignIn,
)


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = (
        "date",
        "worker",
        "job",
        "center",
        "state",
        "hours_worked",
        "amount_paid",
        "paid_status",
    )
    list_filter = ("center", "state", "paid_status", "how")
    date_hierarchy = "date"
    raw_id_fields = ("job", "worker", "created_by")
    list_select_related = ("center", "worker", "job")


# --- the morning loop -------------------------------------------------------------------


@admin.register(SignIn)
class SignInAdmin(admin.ModelAdmin):
    list_display = ("date", "lottery_number", "worker", "center", "state", "late", "present")
    list_filter = ("center", "state", "late")
    date_hierarchy = "date"
    raw_id_fields = ("worker",)
    list_select_related = ("worker", "center")


@admin.register(LotteryDraw)
class LotteryDrawAdmin(admin.ModelAdmin):
    list_display = ("date", "center", "mode", "commitment", "drawn_at", "drawn_by")
    list_filter = ("center", "mode")
    date_hierarchy = "date"
    # The seed stays secret until the draw: nothing here may be edited.
    readonly_fields = ("center", "date", "mode", "commitment", "inputs", "order", "drawn_at")
    exclude = ("seed",)


@admin.register(PriorityFlag)
class PriorityFlagAdmin(admin.ModelAdmin):
    list_display = ("date", "worker", "list_name", "center", "created_by")
    list_filter = ("center", "list_name")
    raw_id_fields = ("worker",)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("created_at", "job", "worker", "state", "expires_at")
    list_filter = ("center", "state")
    raw_id_fields = ("job", "worker", "message", "assignment")
    list_select_related = ("job", "worker")


@admin.register(DispatchDecision)
class DispatchDecisionAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "job",
        "worker",
        "outcome",
        "reason",
        "position",
        "out_of_turn_reason",
        "decided_by",
    )
    list_filter = ("center", "outcome", "reason", "out_of_turn_reason")
    raw_id_fields = ("job", "worker", "decided_by")
    list_select_related = ("job", "worker", "decided_by")
