from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "utblick.competence"
    verbose_name = _("Kompetens")
