"""Django admin for IT staff (superusers). Users work in Utblick's own pages, which write history."""

from django.contrib import admin

from utblick.knowledge.models import Article, Lesson, LessonCountry


class LessonCountryInline(admin.TabularInline):
    model = LessonCountry
    extra = 0


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "engagement", "updated_at"]
    search_fields = ["title", "worked", "did_not_work", "advice"]
    list_select_related = ["engagement"]
    raw_id_fields = ["engagement", "partners"]
    readonly_fields = ["created_at", "updated_at", "created_by", "search_text"]
    inlines = [LessonCountryInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "state", "for_everyone", "published_at"]
    list_filter = ["state", "category", "for_everyone"]
    search_fields = ["title", "text"]
    raw_id_fields = ["engagement", "monitoring_item"]
    filter_horizontal = ["units"]
    readonly_fields = ["created_at", "updated_at", "created_by", "published_at", "archived_at"]
