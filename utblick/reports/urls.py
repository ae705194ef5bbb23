"""Mounted at /uppfoljning/ (utblick/urls.py): the follow-up of the policy."""

from django.urls import path

from utblick.reports import annual_views, export_views, followup_views, views

app_name = "reports"
urlpatterns = [
    path("", views.health, name="health"),
    path("brister/<slug:gap>/", views.gap_list, name="gap_list"),
    path("ar/", followup_views.followup, name="followup"),
    path("arsrapport/", annual_views.annual_report, name="annual"),
    path("arsrapport/underlag/", annual_views.annual_trace, name="annual_trace"),
    path("arsrapport/export/", export_views.annual_export, name="annual_export"),
    path("arsrapport/export/<int:pk>/", export_views.annual_export_status, name="annual_export_status"),
    path("arsrapport/export/<int:pk>/status.json", export_views.annual_export_json, name="annual_export_json"),
    path("arsrapport/export/<int:pk>/fil/", export_views.annual_export_file, name="annual_export_file"),
]
