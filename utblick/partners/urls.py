from django.urls import path

from utblick.partners import contact_views, interaction_views, network_views, search_views, views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ny/", views.organisation_create, name="create"),
    path("sok/", search_views.search, name="search"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/redigera/", views.organisation_update, name="update"),
    path("kontakter/", contact_views.contact_list, name="contact_list"),
    path("kontakter/ny/", contact_views.contact_create, name="contact_create"),
    path("kontakter/<int:pk>/", contact_views.contact_detail, name="contact_detail"),
    path("kontakter/<int:pk>/redigera/", contact_views.contact_update, name="contact_update"),
    path("natverk/", network_views.network_list, name="network_list"),
    path("natverk/ny/", network_views.network_create, name="network_create"),
    path("natverk/<int:pk>/", network_views.network_detail, name="network_detail"),
    path("natverk/<int:pk>/redigera/", network_views.network_update, name="network_update"),
    path("interaktioner/", interaction_views.interaction_list, name="interaction_list"),
    path("interaktioner/ny/", interaction_views.interaction_create, name="interaction_create"),
    path("interaktioner/<int:pk>/", interaction_views.interaction_detail, name="interaction_detail"),
    path("interaktioner/<int:pk>/redigera/", interaction_views.interaction_update, name="interaction_update"),
]
