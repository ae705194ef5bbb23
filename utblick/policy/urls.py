from django.urls import path

from utblick.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("andra/", views.policy_edit, name="edit"),
    path("<slug:kind>/ny/", views.item_edit, name="item_create"),
    path("<slug:kind>/<int:pk>/andra/", views.item_edit, name="item_edit"),
]
