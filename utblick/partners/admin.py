from django.contrib import admin

from utblick.partners.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city"]
