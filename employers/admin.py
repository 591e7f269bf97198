from django.contrib import admin

from centers.selectors import wage_floor_on
from employers.models import CenterTerms, Employer, Job
from employers.services import employer_search_text
from workers.selectors import text_search


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "business_name", "kind", "center", "blocked", "approval", "portal_user")
    list_filter = ("center", "kind", "blocked", "approval")
    search_fields = ("search_text",)
    raw_id_fields = ("portal_user", "reviewed_by", "terms")

    def get_search_results(self, request, queryset, search_term):
        return text_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        obj.search_text = employer_search_text(obj)
        super().save_model(request, obj, form, change)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("date", "description", "employer", "center", "hourly_wage", "status", "source")
    list_filter = ("center", "status", "source")
    date_hierarchy = "date"
    raw_id_fields = ("employer", "requested_workers", "created_by")
    filter_horizontal = ("skills",)
    list_select_related = ("employer", "center")
    readonly_fields = ("wage_floor", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.wage_floor = wage_floor_on(center=obj.center, day=obj.date)
        super().save_model(request, obj, form, change)


@admin.register(CenterTerms)
class CenterTermsAdmin(admin.ModelAdmin):
    """Versions are written from the center's terms page (``employers.signup.terms_publish``);
    here they are read only: employers accepted them as they are."""

    list_display = ("center", "version", "created_at", "created_by")
    list_filter = ("center",)
    readonly_fields = ("center", "version", "text_es", "text_en", "created_by", "created_at")

    def has_add_permission(self, request):
        return False
