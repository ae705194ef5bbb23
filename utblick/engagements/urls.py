from django.urls import path

from utblick.engagements.views import start

app_name = "engagements"
urlpatterns = [
    path("", start.start, name="list"),
]
