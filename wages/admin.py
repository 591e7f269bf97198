from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wages.models import ClaimEvent, WageClaim


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    fields = ("at", "kind", "from_status", "to_status", "amount", "note", "by")
    readonly_fields = fields
    can_delete = False


@admin.register(WageClaim)
class WageClaimAdmin(SimpleHistoryAdmin):
    """Read-mostly: claims change through the desk pages so every step lands on the timeline."""

    list_display = (
        "pk",
        "center",
        "worker",
        "employer",
        "status",
        "amount_owed",
        "amount_recovered",
    )
    list_filter = ("center", "status", "referred_to")
    raw_id_fields = ("worker", "employer", "job", "assignment", "opened_by")
    list_select_related = ("center", "worker", "employer")
    readonly_fields = ("status", "amount_recovered", "opened_at", "resolved_at")
    inlines = [ClaimEventInline]
