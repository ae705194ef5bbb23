"""IT administration: sources and rules are kept on the coordinator's pages (with history); here for support."""

from django.contrib import admin

from utblick.monitoring.models import Item, Rule, Source, Subscription


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "url", "is_active", "last_success_at", "consecutive_failures")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "url")
    readonly_fields = ("etag", "last_modified", "last_fetched_at", "last_success_at", "last_error", "failing_since")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "state")
    list_filter = ("state", "source")
    search_fields = ("title", "link")
    list_select_related = ("source",)
    raw_id_fields = ("engagement", "assigned_unit", "triaged_by")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("name", "mode", "fields", "is_active")
    list_filter = ("mode", "is_active")
    search_fields = ("name", "terms")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "frequency", "is_active", "last_sent_at")
    list_filter = ("frequency", "is_active")
    search_fields = ("user__username", "name", "keywords")
    list_select_related = ("user",)
