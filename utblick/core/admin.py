from django.contrib import admin

from utblick.core.models import CalendarToken, Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The history is read-only, also for IT: it is the audit trail."""

    list_display = ["at", "object_repr", "action", "actor_name"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """IT can block a calendar link that leaked by deleting it; the token itself is never shown."""

    list_display = ["user", "unit", "created_at", "last_used_at"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
