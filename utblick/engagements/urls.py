from django.urls import path

from utblick.engagements.views import assessment, decisions, detail, edit, export, listing

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
]
