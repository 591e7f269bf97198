from django.contrib import admin

from reports.models import DailyStats


@admin.register(DailyStats)
class DailyStatsAdmin(admin.ModelAdmin):
    """Report rows are derived data (reports/stats.py): shown, never edited by hand."""

    list_display = ("date", "center", "signins", "placements", "wages", "claims_opened")
    list_filter = ("center",)
    date_hierarchy = "date"
    list_select_related = ("center",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
