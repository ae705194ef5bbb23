from django.urls import path

from utblick.register import views

app_name = "register"
urlpatterns = [
    path("", views.directory, name="directory"),
]
