from django.contrib import admin

from utblick.partners.models import Affiliation, Contact, Interaction, Network, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "email"]
    search_fields = ["name", "email"]
    inlines = [AffiliationInline]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "member_since", "member_until", "yearly_fee", "representative"]
    search_fields = ["name", "description"]
    list_select_related = ["representative"]
    filter_horizontal = ["objectives"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "subject", "organisation", "engagement"]
    list_filter = ["kind"]
    search_fields = ["subject", "notes", "organisation__name"]
    list_select_related = ["organisation", "engagement"]
    raw_id_fields = ["organisation", "engagement"]
    filter_horizontal = ["contacts", "participants"]
