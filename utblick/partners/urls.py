from django.urls import path

from utblick.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ny/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/redigera/", views.organisation_update, name="update"),
]
