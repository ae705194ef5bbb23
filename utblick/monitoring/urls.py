"""Mounted at /bevakning/ (utblick/urls.py): omvärldsbevakning."""

from django.urls import path  # noqa: F401 - the helpers' routes are added below

from utblick.monitoring import items_views, rules_views, subscription_views
from utblick.monitoring.sources import views as source_views

app_name = "monitoring"
urlpatterns = [
    path("", items_views.item_list, name="items"),
    path("<int:pk>/", items_views.item_detail, name="item"),
    path("<int:pk>/engagemang/", items_views.item_propose, name="item_propose"),
    path("regler/", rules_views.rule_list, name="rules"),
    path("regler/ny/", rules_views.rule_create, name="rule_create"),
    path("regler/<int:pk>/", rules_views.rule_edit, name="rule_edit"),
    path("regler/<int:pk>/aktiv/", rules_views.rule_toggle, name="rule_toggle"),
    path("regler/<int:pk>/tillampa/", rules_views.rule_apply, name="rule_apply"),
    path("prenumerationer/", subscription_views.subscription_list, name="subscriptions"),
    path("prenumerationer/ny/", subscription_views.subscription_create, name="subscription_create"),
    path("prenumerationer/<int:pk>/andra/", subscription_views.subscription_update, name="subscription_update"),
    path("prenumerationer/<int:pk>/ta-bort/", subscription_views.subscription_delete, name="subscription_delete"),
    path("avsluta/<str:token>/", subscription_views.unsubscribe_view, name="unsubscribe"),
    path("kallor/", source_views.source_list, name="source_list"),
    path("kallor/ny/", source_views.source_create, name="source_create"),
    path("kallor/halsa/", source_views.source_health, name="source_health"),
    path("kallor/opml/", source_views.opml_export, name="source_opml_export"),
    path("kallor/opml/import/", source_views.opml_import, name="source_opml_import"),
    path("kallor/startlista/", source_views.starter_load, name="source_starter"),
    path("kallor/<int:pk>/", source_views.source_detail, name="source_detail"),
    path("kallor/<int:pk>/andra/", source_views.source_update, name="source_update"),
    path("kallor/<int:pk>/aktiv/", source_views.source_set_active, name="source_set_active"),
]
