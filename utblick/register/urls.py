from django.urls import path

from utblick.register import request_views, views

app_name = "register"
urlpatterns = [
    path("", views.directory_list, name="directory"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation"),
    path("natverk/<int:pk>/", views.network_detail, name="network"),
    path("forfragningar/", request_views.inbox, name="inbox"),
    path("forfragningar/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("mina-forfragningar/", request_views.my_requests, name="my_requests"),
]
