"""IT administration: funding sources are configurable data; budget lines are kept through the pages (history)."""

from django.contrib import admin

from utblick.finance.models import FundingSource


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
