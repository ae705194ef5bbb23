from django.urls import path

from utblick.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("enheter/ny/", views.unit_edit, name="unit_create"),
    path("enheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("personer/ny/", views.person_edit, name="person_create"),
    path("personer/<int:pk>/andra/", views.person_edit, name="person_edit"),
]
