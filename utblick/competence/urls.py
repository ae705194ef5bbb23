"""The competence register under /kompetens/."""

from django.urls import path

from utblick.competence import views

app_name = "competence"

urlpatterns = [
    path("", views.search, name="index"),
    path("min-profil/", views.mine, name="mine"),
    path("min-profil/skapa/", views.start, name="start"),
    path("min-profil/andra/", views.edit, name="edit"),
    path("min-profil/sprak/", views.language, name="language"),
    path("min-profil/sprak/<int:skill>/ta-bort/", views.remove_language, name="remove_language"),
    path("min-profil/erfarenhet/ny/", views.experience, name="experience_create"),
    path("min-profil/erfarenhet/<int:item>/", views.experience, name="experience_edit"),
    path("min-profil/erfarenhet/<int:item>/ta-bort/", views.remove_experience, name="remove_experience"),
    path("min-profil/ladda-ner/", views.download, name="download"),
    path("min-profil/radera/", views.delete, name="delete"),
    path("person/<int:user>/", views.colleague, name="colleague"),
    path("tackning/", views.coverage_page, name="coverage"),
    path("eu-kunskap/", views.eu_list, name="eu_list"),
    path("eu-kunskap/ny/", views.eu_edit, name="eu_create"),
    path("eu-kunskap/<int:area>/", views.eu_edit, name="eu_edit"),
    path("eu-kunskap/<int:area>/aktiv/", views.eu_active, name="eu_active"),
]
