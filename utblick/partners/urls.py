from django.urls import path

from utblick.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.list, name="list"),
]
