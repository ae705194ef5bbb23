"""Mounted at /engagemang/<pk>/ekonomi/ (utblick/urls.py): the economy belongs to its engagement."""

from django.urls import path

from utblick.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.economy, name="economy"),
    path("<int:line_pk>/redigera/", views.edit_line, name="edit_line"),
    path("<int:line_pk>/ta-bort/", views.remove_line, name="remove_line"),
]
