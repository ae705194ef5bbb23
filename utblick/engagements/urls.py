from django.urls import path

from utblick.engagements.views import assessment, decisions, detail, edit, export, listing, trips

app_name = "engagements"
urlpatterns = [
    path("", listing.engagement_list, name="list"),
    path("export.<str:fmt>", export.export, name="export"),
    path("nytt/", edit.create, name="create"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/redigera/", edit.update, name="update"),
    path("<int:pk>/bedomning/", assessment.assess, name="assess"),
    path("<int:pk>/beslut/nytt/", decisions.add, name="add_decision"),
    path("<int:pk>/status/", detail.move, name="move"),
    path("<int:pk>/historik/", detail.history, name="history"),
    path("<int:pk>/arkivera/", detail.archive, name="archive"),
    path("<int:pk>/aterstall/", detail.restore, name="restore"),
    path("resor/utan-beslut/", trips.lacking_decision, name="trips_lacking_decision"),
    path("<int:pk>/resor/ny/", trips.create, name="trip_create"),
    path("<int:pk>/resor/<int:trip>/", trips.detail, name="trip_detail"),
    path("<int:pk>/resor/<int:trip>/andra/", trips.update, name="trip_update"),
    path("<int:pk>/resor/<int:trip>/rapport/", trips.report, name="trip_report"),
    path("<int:pk>/resor/<int:trip>/ta-bort/", trips.remove, name="trip_remove"),
    path("<int:pk>/resor/<int:trip>/kostnader/ny/", trips.cost, name="trip_cost_add"),
    path("<int:pk>/resor/<int:trip>/kostnader/<int:cost>/", trips.cost, name="trip_cost_edit"),
    path("<int:pk>/resor/<int:trip>/kostnader/<int:cost>/ta-bort/", trips.remove_cost, name="trip_cost_remove"),
    path("<int:pk>/resor/<int:trip>/gavor/ny/", trips.gift, name="trip_gift_add"),
    path("<int:pk>/resor/<int:trip>/gavor/<int:gift>/", trips.gift, name="trip_gift_edit"),
    path("<int:pk>/resor/<int:trip>/gavor/<int:gift>/ta-bort/", trips.remove_gift, name="trip_gift_remove"),
]
