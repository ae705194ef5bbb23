"""Mounted at /uppfoljning/ (utblick/urls.py): the follow-up of the policy."""

from django.urls import path

from utblick.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.health, name="health"),
    path("brister/<slug:gap>/", views.gap_list, name="gap_list"),
]
