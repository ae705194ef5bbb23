from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "utblick.engagements"
    verbose_name = "Engagemang"
