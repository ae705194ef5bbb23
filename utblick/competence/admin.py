"""IT's view of the competence register: read-only for profiles (the employee owns them), the EU list via the page."""

from django.contrib import admin

from utblick.competence.models import CompetenceProfile, EuKnowledge


@admin.register(EuKnowledge)
class EuKnowledgeAdmin(admin.ModelAdmin):
    list_display = ("name", "aliases", "is_active")
    search_fields = ("name", "aliases")

    def has_add_permission(self, request):
        return False  # the coordinator keeps the list on its page, where changes are recorded in the history

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompetenceProfile)
class CompetenceProfileAdmin(admin.ModelAdmin):
    """Only that a profile exists and when it changed: its content is the employee's (GDPR)."""

    list_display = ("user", "updated_at")
    fields = ("user", "created_at", "updated_at")
    readonly_fields = fields
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
