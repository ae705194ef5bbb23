"""Django admin for IT staff (superusers). Users work in Utblick's own pages, which write history."""

from django.contrib import admin

from utblick.engagements.models import Decision, Engagement, Participation, PriorityAssessment


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class AssessmentInline(admin.TabularInline):
    model = PriorityAssessment
    extra = 0


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "owner_unit", "start_date", "end_date", "is_secret", "archived_at"]
    list_filter = ["status", "kind", "owner_unit", "is_secret"]
    search_fields = ["title", "purpose", "results"]
    list_select_related = ["owner_unit"]
    readonly_fields = ["version", "created_at", "updated_at", "created_by", "search_text"]
    inlines = [ParticipationInline, AssessmentInline, DecisionInline]
