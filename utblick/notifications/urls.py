from django.urls import path

from utblick.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("lasta/", views.mark_all, name="mark_all"),
    path("installningar/", views.email_settings, name="settings"),
]
