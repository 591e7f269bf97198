from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Center, DisplayLink, StaffMembership, User


class MembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Jornada", {"fields": ("language",)}))
    list_display = ("username", "first_name", "last_name", "is_superuser", "language")


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "sms_name",
        "slug",
        "timezone",
        "wage_floor",
        "lottery_cutoff",
        "lottery_mode",
    )
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "center", "role")
    list_filter = ("center", "role")


@admin.register(DisplayLink)
class DisplayLinkAdmin(admin.ModelAdmin):
    """Read-only here: a link is made on the center's page, which shows its URL once."""

    list_display = ("label", "center", "created_by", "created_at", "last_used_at", "revoked_at")
    list_filter = ("center",)
    readonly_fields = ("center", "label", "created_by", "created_at", "last_used_at")
    exclude = ("token_hash",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False
