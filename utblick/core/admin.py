from django.contrib import admin

from utblick.core.models import Change


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
